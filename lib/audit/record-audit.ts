// Appends one audit event. Call it with the transaction client of the change it records, so the
// change and its record commit or roll back together.
import type { Prisma } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/client";
import { primaryRole, type Principal } from "@/lib/auth/principal";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { redactSecrets } from "./redact";

/** Someone acting: a signed-in principal, or a bare identity (e.g. a failed sign-in's email). */
export type AuditActor =
  | Pick<Principal, "id" | "email" | "bindings">
  | { id?: string | null; email?: string | null; role?: string | null }
  | null;

export type AuditInput = {
  actor: AuditActor;
  /** Dotted verb, e.g. `user.role.grant`, `auth.sign-in.failed`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  metadata?: unknown;
  requestId?: string | null;
  productSlug?: string | null;
  clusterName?: string | null;
  /** Every product and cluster the event touches, when there can be several (revision events). */
  products?: readonly string[];
  clusters?: readonly string[];
};

function json(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return redactSecrets(value) as Prisma.InputJsonValue;
}

function actorFields(actor: AuditActor) {
  if (!actor) return { actorId: null, actorEmail: null, actorRole: null };
  if ("bindings" in actor) {
    const role = primaryRole(actor);
    return { actorId: actor.id, actorEmail: actor.email, actorRole: role ? ROLE_LABELS[role] : null };
  }
  return { actorId: actor.id ?? null, actorEmail: actor.email ?? null, actorRole: actor.role ?? null };
}

export async function recordAudit(tx: Tx | typeof prisma, input: AuditInput) {
  return tx.auditEvent.create({
    data: {
      ...actorFields(input.actor),
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      productSlug: input.productSlug ?? null,
      clusterName: input.clusterName ?? null,
      products: [...(input.products ?? [])],
      clusters: [...(input.clusters ?? [])],
      requestId: input.requestId ?? null,
      before: json(input.before),
      after: json(input.after),
      metadata: json(input.metadata),
    },
  });
}
