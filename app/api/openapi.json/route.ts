// The OpenAPI 3.1 description of this API. Permission: profile:read — any signed-in person or API
// token may read it. It reveals no data, but the full surface (including admin operations) is of
// no use to an anonymous caller or a scanner; automation holds a token anyway.
import { route } from "@/lib/api/handler";
import { buildOpenApi } from "@/lib/api/openapi";
import { ROUTE_MODULES } from "./route-modules";

export const GET = route({ permission: "profile:read" }, async () => buildOpenApi(ROUTE_MODULES));
