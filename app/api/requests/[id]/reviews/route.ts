import { json, route } from "@/lib/api/handler";
import { reviewRequest } from "@/lib/requests/review-request";
import { reviewSchema } from "@/lib/validations/request";

// Approves, rejects, sends back or comments on a request; an approval meeting the approval rules
// creates the revision. Permission: request:review
export const POST = route(
  { permission: "request:review", body: reviewSchema },
  async ({ user, params, body, requestId }) =>
    json(await reviewRequest(user, params.id!, body, requestId), { status: 201 }),
);
