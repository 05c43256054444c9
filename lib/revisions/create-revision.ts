// Records a new desired state: validates the document, stores it as the next immutable revision
// with its projection and audit event, and enqueues a sync of every registered cluster it names,
// all in the caller's transaction, so an accepted change is never recorded without its sync job.
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { parseTopology, type Topology } from "@/lib/topology";
import { documentHash } from "./document-hash";
import { projectRevision } from "./project-revision";
import { enqueueClusterSync } from "./enqueue-cluster-sync";

export type CreateRevisionInput = {
  document: unknown;
  /** Why the change is made; shown in history and audit. */
  message: string;
  /** Who makes the change; null for the system (seed, import on start-up). */
  actor: AuditActor;
  requestId?: string;
  rollbackOfId?: string;
};

// Note: a transaction-scoped advisory lock serialises revision numbering; two writers never get the
// same number and the second one builds on the first one's revision as its parent.
const REVISION_LOCK = 7_346_202;

export async function createRevision(tx: Tx, input: CreateRevisionInput) {
  const parsed = parseTopology(input.document);
  if (!parsed.ok) {
    throw AppError.unprocessable(
      `The topology is invalid (${parsed.errors.length} problem${parsed.errors.length === 1 ? "" : "s"}); nothing was saved.`,
      { issues: parsed.errors },
    );
  }
  const message = input.message.trim();
  if (!message) throw AppError.badRequest("Say why the change is made (message is empty); nothing was saved.");
  const topology: Topology = parsed.topology;

  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REVISION_LOCK})`;
  const parent = await tx.revision.findFirst({ orderBy: { number: "desc" }, select: { id: true, number: true } });
  const number = (parent?.number ?? 0) + 1;
  const stored = { ...topology, metadata: { ...topology.metadata, revision: number } };

  const revision = await tx.revision.create({
    data: {
      number,
      document: stored as object,
      // The hash leaves out the stamped number so identical desired states hash alike.
      documentHash: documentHash({ ...topology, metadata: { ...topology.metadata, revision: undefined } }),
      message,
      authorId: input.actor?.id ?? null,
      parentId: parent?.id ?? null,
      rollbackOfId: input.rollbackOfId ?? null,
    },
  });

  const projection = projectRevision(stored);
  const withRevision = <T extends object>(rows: T[]) => rows.map((r) => ({ ...r, revisionId: revision.id }));
  await tx.gateway.createMany({ data: withRevision(projection.gateways) as never });
  await tx.route.createMany({ data: withRevision(projection.routes) as never });
  await tx.backendService.createMany({ data: withRevision(projection.backendServices) as never });
  await tx.policy.createMany({ data: withRevision(projection.policies) as never });

  await recordAudit(tx, {
    actor: input.actor ?? { email: "system", role: "system" },
    action: input.rollbackOfId ? "revision.rollback" : "revision.create",
    targetType: "revision",
    targetId: revision.id,
    requestId: input.requestId,
    before: parent ? { number: parent.number } : undefined,
    after: { number, message, documentHash: revision.documentHash },
  });

  const clusters = await tx.cluster.findMany({
    where: { name: { in: topology.clusters.map((c) => c.name) } },
    select: { id: true, name: true },
  });
  for (const cluster of clusters) await enqueueClusterSync(tx, cluster.name, "revision");

  return revision;
}
