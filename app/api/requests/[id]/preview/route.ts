import { route } from "@/lib/api/handler";
import { requestPreviewSchema } from "@/lib/api/schemas/requests";
import { previewRequest } from "@/lib/requests/preview-request";

// The request's draft rendered per cluster, with findings and blast radius. Permission: request:read
export const GET = route(
  { permission: "request:read", response: requestPreviewSchema },
  async ({ user, params }) => previewRequest(user, params.id!),
);
