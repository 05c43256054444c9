// Bearer API tokens for automation. The token is shown once at creation; only its SHA-256 is kept.
// A token acts with one role, and only while its owner still holds that role.
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { bindingsInclude, toBindings, type Principal } from "./principal";
import type { Role } from "./permissions";
import { randomToken, sha256 } from "./tokens";

export const API_TOKEN_PREFIX = "ptc_";
const TOUCH_MS = 60 * 1000;

export type CreatedApiToken = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date | null;
  /** The secret itself: returned once, never stored. */
  token: string;
};

export async function createApiToken(
  owner: Pick<Principal, "id" | "bindings">,
  input: { name: string; role: Role; expiresAt?: Date | null },
): Promise<CreatedApiToken> {
  if (!owner.bindings.some((b) => b.role === input.role)) {
    throw AppError.forbidden(`You cannot create a token with role ${input.role}: you do not hold that role.`);
  }
  const token = API_TOKEN_PREFIX + randomToken(32);
  const row = await prisma.apiToken.create({
    data: {
      userId: owner.id,
      name: input.name,
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      tokenHash: sha256(token),
      role: input.role,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    token,
  };
}

/** The principal behind a bearer token, or null when unknown, revoked, expired or orphaned. */
export async function resolveApiToken(token: string): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  // One query for the token, its owner and the owner's bindings: every API call pays for it.
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { include: { roles: bindingsInclude } } },
  });
  if (!row || row.revokedAt || row.user.disabled) return null;
  const now = Date.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  // Note: the token's role narrows the owner's current bindings; if the owner lost that role the
  // token authenticates to nothing rather than to a stale grant.
  const bindings = toBindings(row.user.roles).filter((b) => b.role === row.role);
  if (bindings.length === 0) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_MS) {
    await prisma.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    bindings,
    via: "token",
    tokenId: row.id,
  };
}

export async function revokeApiToken(
  ownerId: string,
  tokenId: string,
): Promise<{ id: string; name: string; prefix: string }> {
  const row = await prisma.apiToken.findFirst({ where: { id: tokenId, userId: ownerId, revokedAt: null } });
  if (!row) throw AppError.notFound("API token");
  await prisma.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  return { id: row.id, name: row.name, prefix: row.prefix };
}
