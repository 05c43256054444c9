// Reads the audit log with the auditor's filters, server-side and by keyset (id) so pages and
// exports stay fast on a large log; the filtered columns are indexed.
import type { Prisma } from "@/lib/db/generated/client";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { AuditFilter } from "@/lib/validations/audit";
import { redactSecrets } from "./redact";

export function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.actor) where.actorEmail = { equals: filter.actor, mode: "insensitive" };
  // Revision events touch several products and clusters: they match on the arrays as well.
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.product)
    and.push({ OR: [{ productSlug: filter.product }, { products: { has: filter.product } }] });
  if (filter.cluster)
    and.push({ OR: [{ clusterName: filter.cluster }, { clusters: { has: filter.cluster } }] });
  if (and.length) where.AND = and;
  if (filter.action)
    where.action = filter.action.endsWith(".") ? { startsWith: filter.action } : filter.action;
  if (filter.from || filter.to)
    where.at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) };
  return where;
}

type Row = Awaited<ReturnType<typeof prisma.auditEvent.findFirstOrThrow>>;

/** An event as the API sends it. Stored diffs are redacted on write; redacting again on read also
 * covers rows written before a key pattern was added. */
export function auditView(e: Row) {
  return {
    id: e.id.toString(),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    productSlug: e.productSlug,
    clusterName: e.clusterName,
    products: e.products,
    clusters: e.clusters,
    requestId: e.requestId,
    before: redactSecrets(e.before ?? null),
    after: redactSecrets(e.after ?? null),
    metadata: redactSecrets(e.metadata ?? null),
  };
}
export type AuditView = ReturnType<typeof auditView>;

export async function listAudit(filter: AuditFilter & { before?: number; limit: number }) {
  const where = auditWhere(filter);
  if (filter.before) where.id = { lt: BigInt(filter.before) };
  const rows = await prisma.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return {
    events: page.map(auditView),
    nextBefore: rows.length > filter.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

export async function getAuditEvent(id: number) {
  const row = await prisma.auditEvent.findUnique({ where: { id: BigInt(id) } });
  if (!row) throw AppError.notFound(`Audit event ${id}`);
  return auditView(row);
}
