import { json, route } from "@/lib/api/handler";
import { listRequests } from "@/lib/requests/get-request";
import { submitRequest } from "@/lib/requests/submit-request";
import { gatewayRequestPayloadSchema, listRequestsQuerySchema } from "@/lib/validations/request";

// Lists gateway requests; team leads see their own teams' only. Permission: request:read
export const GET = route(
  { permission: "request:read", query: listRequestsQuerySchema },
  async ({ user, query }) => ({
    requests: await listRequests(user, query),
  }),
);

// Requests a new product gateway for one of the caller's teams. Permission: request:create
export const POST = route(
  { permission: "request:create", body: gatewayRequestPayloadSchema },
  async ({ user, body, requestId }) => json(await submitRequest(user, body, requestId), { status: 201 }),
);
