import { json, route } from "@/lib/api/handler";
import { revokeRole } from "@/lib/auth/manage-roles";

// Revokes one role binding of a user. Permission: user:manage
export const DELETE = route({ permission: "user:manage" }, async ({ user, params, requestId }) =>
  json(await revokeRole(user, params.id ?? "", params.bindingId ?? "", requestId)),
);
