// The OpenAPI 3.1 description of this API. Permission: profile:read — any signed-in person or API
// token may read it. It reveals no data, but the full surface (including admin operations) is of
// no use to an anonymous caller or a scanner; automation holds a token anyway.
import { route } from "@/lib/api/handler";
import { buildOpenApi } from "@/lib/api/openapi";

export const GET = route({ permission: "profile:read" }, async () => {
  // Note: imported on first call, since the module list includes this module itself.
  const { ROUTE_MODULES } = await import("../route-modules");
  return buildOpenApi(ROUTE_MODULES);
});
