import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { createApiToken } from "@/lib/auth/api-token";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { createTokenSchema } from "@/lib/validations/auth";

// Lists the caller's API tokens (never the secrets). Permission: token:manage-own
export const GET = route({ permission: "token:manage-own" }, async ({ user }) => {
  const tokens = await prisma.apiToken.findMany({
    where: { userId: user.id, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
    },
  });
  return json({ tokens: tokens.map((t) => ({ ...t, role: ROLE_LABELS[t.role] })) });
});

// Creates an API token for the caller and returns its secret this one time; a token created with a
// token never outlives or out-ranks it. Permission: token:manage-own
export const POST = route(
  { permission: "token:manage-own", body: createTokenSchema },
  async ({ user, body, requestId }) => {
    const created = await createApiToken(user, body, { audit: { actor: user, requestId } });
    return json(
      { ...created, role: ROLE_LABELS[created.role] },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  },
);
