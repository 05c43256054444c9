// Bearer API tokens for automation. The token is shown once at creation; only its SHA-256 is kept.
// A token acts with one role, and only while its owner still holds that role.
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { bindingsInclude, toBindings, type Principal } from "./principal";
import { ROLE_LABELS, type Role } from "./permissions";
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
  /** The token that created this one, if any. */
  parentTokenId: string | null;
  /** The secret itself: returned once, never stored. */
  token: string;
};

const DAY_MS = 86_400_000;

export type CreateTokenInput = {
  name: string;
  role: Role;
  /** Days until expiry; omitted, the token lives as long as it may (see `maxLifetimeDays`). */
  expiresInDays?: number;
};

/**
 * Creates a token for the caller. Tokens cannot outlive or out-rank the credential that creates
 * them: every token expires within `maxLifetimeDays`, and a token created with a token carries its
 * role only, expires no later than it, and is revoked with it.
 */
export async function createApiToken(
  owner: Pick<Principal, "id" | "bindings"> & Partial<Pick<Principal, "via" | "tokenId">>,
  input: CreateTokenInput,
  options: {
    maxLifetimeDays?: number;
    now?: Date;
    /** Records `token.create` in the token's own transaction. */
    audit?: { actor: AuditActor; requestId?: string };
  } = {},
): Promise<CreatedApiToken> {
  if (!owner.bindings.some((b) => b.role === input.role)) {
    throw AppError.forbidden(`You cannot create a token with role ${input.role}: you do not hold that role.`);
  }
  const maxDays = options.maxLifetimeDays ?? env().PORTICO_TOKEN_MAX_LIFETIME_DAYS;
  if (input.expiresInDays !== undefined && input.expiresInDays > maxDays) {
    throw AppError.badRequest(
      `expiresInDays: tokens live at most ${maxDays} days here (PORTICO_TOKEN_MAX_LIFETIME_DAYS); ask for ${maxDays} or fewer.`,
    );
  }
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? maxDays) * DAY_MS);
  const token = API_TOKEN_PREFIX + randomToken(32);
  const parentTokenId = owner.via === "token" ? (owner.tokenId ?? null) : null;
  const row = await prisma.$transaction(async (tx) => {
    if (parentTokenId) {
      // Note: the parent's row is locked so that a revocation running at the same moment either
      // sees this child (and revokes it) or makes this creation fail.
      await tx.$queryRaw`SELECT 1 FROM "ApiToken" WHERE id = ${parentTokenId} FOR UPDATE`;
      const parent = await tx.apiToken.findUnique({
        where: { id: parentTokenId },
        select: { role: true, expiresAt: true, revokedAt: true },
      });
      if (!parent || parent.revokedAt || (parent.expiresAt && parent.expiresAt <= now)) {
        throw AppError.unauthenticated("The API token is unknown, revoked or expired.");
      }
      if (parent.role !== input.role) {
        throw AppError.forbidden(
          `A token can create tokens with its own role (${ROLE_LABELS[parent.role]}) only, not ${ROLE_LABELS[input.role]}.`,
        );
      }
      if (parent.expiresAt && expiresAt > parent.expiresAt) {
        if (input.expiresInDays !== undefined) {
          throw AppError.badRequest(
            `expiresInDays: the token making this request expires at ${parent.expiresAt.toISOString()}; a token it creates cannot outlive it.`,
          );
        }
        expiresAt.setTime(parent.expiresAt.getTime());
      }
    }
    const created = await tx.apiToken.create({
      data: {
        userId: owner.id,
        name: input.name,
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        tokenHash: sha256(token),
        role: input.role,
        expiresAt,
        parentTokenId,
      },
    });
    if (options.audit)
      await recordAudit(tx, {
        actor: options.audit.actor,
        action: "token.create",
        targetType: "api-token",
        targetId: created.id,
        after: {
          name: created.name,
          prefix: created.prefix,
          role: ROLE_LABELS[created.role],
          expiresAt: created.expiresAt,
          parentTokenId: created.parentTokenId,
        },
        requestId: options.audit.requestId,
      });
    return created;
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    parentTokenId: row.parentTokenId,
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

/** Revokes one of the owner's tokens and every token created with it, at any depth. */
export async function revokeApiToken(
  ownerId: string,
  tokenId: string,
  /** Records `token.revoke` in the revocation's own transaction. */
  audit?: { actor: AuditActor; requestId?: string },
): Promise<{ id: string; name: string; prefix: string; descendantsRevoked: number }> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, userId: ownerId, revokedAt: null } });
    if (!row) throw AppError.notFound("API token");
    const revoked = await tx.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE tree AS (
        SELECT id FROM "ApiToken" WHERE id = ${row.id}
        UNION
        SELECT child.id FROM "ApiToken" child JOIN tree ON child."parentTokenId" = tree.id
      )
      UPDATE "ApiToken" SET "revokedAt" = now()
      WHERE id IN (SELECT id FROM tree) AND "revokedAt" IS NULL
      RETURNING id`;
    const result = {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      descendantsRevoked: revoked.filter((r) => r.id !== row.id).length,
    };
    if (audit)
      await recordAudit(tx, {
        actor: audit.actor,
        action: "token.revoke",
        targetType: "api-token",
        targetId: row.id,
        before: result,
        requestId: audit.requestId,
      });
    return result;
  });
}
