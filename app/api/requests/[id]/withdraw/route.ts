import { route } from "@/lib/api/handler";
import { withdrawRequest } from "@/lib/requests/withdraw-request";

// The requester withdraws an undecided request. Permission: request:create
export const POST = route({ permission: "request:create" }, async ({ user, params, requestId }) =>
  withdrawRequest(user, params.id!, requestId),
);
