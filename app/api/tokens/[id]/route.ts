import { noContent, route } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/api-token";

// Revokes one of the caller's API tokens and every token created with it. Permission: token:manage-own
export const DELETE = route({ permission: "token:manage-own" }, async ({ user, params, requestId }) => {
  await revokeApiToken(user.id, params.id ?? "", { actor: user, requestId });
  return noContent();
});
