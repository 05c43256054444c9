import { route } from "@/lib/api/handler";
import { requestPreviewSchema } from "@/lib/api/schemas/requests";
import { prisma } from "@/lib/db/client";
import { previewPayload } from "@/lib/requests/preview-request";
import { resolveRequestTeam } from "@/lib/requests/request-scope";
import { gatewayRequestPayloadSchema } from "@/lib/validations/request";

// Renders a request before it is submitted, so the form can show findings early; saves nothing.
// Permission: request:create
export const POST = route(
  { permission: "request:create", body: gatewayRequestPayloadSchema, response: requestPreviewSchema },
  async ({ user, body }) => {
    await resolveRequestTeam(prisma, user, "request:create", body.team, body.product);
    return previewPayload(user, body);
  },
);
