import { prisma } from "@/lib/db/client";
import { noContent, route } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/api-token";
import { recordAudit } from "@/lib/audit/record-audit";

// Revokes one of the caller's API tokens and every token created with it. Permission: token:manage-own
export const DELETE = route({ permission: "token:manage-own" }, async ({ user, params, requestId }) => {
  const revoked = await revokeApiToken(user.id, params.id ?? "");
  await recordAudit(prisma, {
    actor: user,
    action: "token.revoke",
    targetType: "api-token",
    targetId: revoked.id,
    before: revoked,
    requestId,
  });
  return noContent();
});
