import { route } from "@/lib/api/handler";
import { requestDetailSchema } from "@/lib/api/schemas/requests";
import { getRequest } from "@/lib/requests/get-request";
import { updateRequest } from "@/lib/requests/update-request";
import { gatewayRequestPayloadSchema } from "@/lib/validations/request";

// One request with reviews, timeline, approvals and sync outcome. Permission: request:read
export const GET = route(
  { permission: "request:read", response: requestDetailSchema },
  async ({ user, params }) => getRequest(user, params.id!),
);

// The requester edits and resubmits a request. Permission: request:create
export const PUT = route(
  { permission: "request:create", body: gatewayRequestPayloadSchema },
  async ({ user, params, body, requestId }) => updateRequest(user, params.id!, body, requestId),
);
