import { route } from "@/lib/api/handler";
import { previewRequest } from "@/lib/requests/preview-request";

// The request's draft rendered per cluster, with findings and blast radius. Permission: request:read
export const GET = route({ permission: "request:read" }, async ({ user, params }) =>
  previewRequest(user, params.id!),
);
