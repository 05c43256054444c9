// Records a new desired state: validates and analyzes the document, stores it as the next immutable revision
// with its projection and audit event, and enqueues a sync of every registered cluster it names,
// all in the caller's transaction, so an accepted change is never recorded without its sync job.
import { randomUUID } from "node:crypto";
import { analyze, hasErrors } from "@/lib/analysis";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import {
  changeScope,
  documentChanges,
  parseTopology,
  type DocumentChange,
  type Topology,
} from "@/lib/topology";
import { analysisGate, type AnalysisOverride } from "./analysis-gate";
import { documentHash } from "./document-hash";
import { projectRevision } from "./project-revision";
import { writeProjection } from "./write-projection";
import { enqueueClusterSync } from "./enqueue-cluster-sync";

export type CreateRevisionInput = {
  document: unknown;
  /** Why the change is made; shown in history and audit. */
  message: string;
  /** Who makes the change; null for the system (seed, import on start-up). */
  actor: AuditActor;
  requestId?: string;
  rollbackOfId?: string;
  /** Store despite analyzer errors (platform engineers only); audited with the findings. */
  override?: AnalysisOverride;
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
  if (!message)
    throw AppError.badRequest("Say why the change is made (message is empty); nothing was saved.");
  const topology: Topology = parsed.topology;
  const findings = analyze(topology);

  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REVISION_LOCK})`;
  const parent = await tx.revision.findFirst({
    orderBy: { number: "desc" },
    select: { id: true, number: true },
  });
  // Note: every write reads the parent's document (hundreds of kilobytes for a large estate) to
  // record what the revision changes; it is analyzed only when the new document has errors.
  const before = parent ? await parentDocument(tx, parent.id) : null;
  const verdict = analysisGate({
    parentFindings: hasErrors(findings) && before ? analyze(before) : [],
    findings,
    actor: input.actor,
    override: input.override,
  });
  const number = (parent?.number ?? 0) + 1;
  const stored = { ...topology, metadata: { ...topology.metadata, revision: number } };
  // What the revision changes, part by part, for history, audit and scoped rollback.
  const changes = documentChanges(before, stored);
  const scope = changeScope(changes);

  // The hash leaves out the stamped number so identical desired states hash alike.
  const hash = documentHash({ ...topology, metadata: { ...topology.metadata, revision: undefined } });
  // Note: inserted with SQL because Prisma's JSON input handling took most of a second for the
  // document of a large estate (hundreds of kilobytes); the SQL insert takes milliseconds.
  const id = randomUUID();
  await tx.$executeRaw`
    INSERT INTO "Revision" (id, number, document, "documentHash", message, "authorId", "parentId", "rollbackOfId",
                            products, clusters, changes)
    VALUES (${id}, ${number}, ${JSON.stringify(stored)}::jsonb, ${hash}, ${message}, ${input.actor?.id ?? null},
            ${parent?.id ?? null}, ${input.rollbackOfId ?? null}, ${scope.products}::text[], ${scope.clusters}::text[],
            ${JSON.stringify(changes)}::jsonb)`;
  const revision = {
    id,
    number,
    documentHash: hash,
    message,
    parentId: parent?.id ?? null,
    parentNumber: parent?.number ?? null,
    rollbackOfId: input.rollbackOfId ?? null,
    topology: stored as Topology,
    changes,
    ...scope,
  };

  await writeProjection(tx, revision.id, projectRevision(stored));

  await recordAudit(tx, {
    actor: input.actor ?? { email: "system", role: "system" },
    action: input.rollbackOfId ? "revision.rollback" : "revision.create",
    targetType: "revision",
    targetId: revision.id,
    requestId: input.requestId,
    productSlug: scope.products.length === 1 ? scope.products[0] : null,
    clusterName: scope.clusters.length === 1 ? scope.clusters[0] : null,
    products: scope.products,
    clusters: scope.clusters,
    before: parent ? { number: parent.number } : undefined,
    after: {
      number,
      message,
      documentHash: revision.documentHash,
      products: scope.products,
      clusters: scope.clusters,
      changes: summarizeChanges(changes),
      compare: compareLink(parent?.number ?? null, number),
    },
  });
  if (verdict.kind === "overridden")
    await recordAudit(tx, {
      actor: input.actor,
      action: "revision.analysis.override",
      targetType: "revision",
      targetId: revision.id,
      requestId: input.requestId,
      after: { number, reason: verdict.reason, findings: verdict.findings },
    });

  const clusters = await tx.cluster.findMany({
    where: { name: { in: topology.clusters.map((c) => c.name) } },
    select: { id: true, name: true },
  });
  for (const cluster of clusters) await enqueueClusterSync(tx, cluster.name, "revision");

  return revision;
}

/** The history page comparing two revisions (the parent and this one). */
export function compareLink(from: number | null, to: number): string {
  return from ? `/revisions?from=${from}&to=${to}` : `/revisions?to=${to}`;
}

// Note: an audit event keeps a readable summary, not the whole change list of a large import.
const SUMMARY_LIMIT = 50;
function summarizeChanges(changes: readonly DocumentChange[]): string[] {
  const lines = changes.slice(0, SUMMARY_LIMIT).map((c) => `${c.action} ${c.path}`);
  if (changes.length > SUMMARY_LIMIT) lines.push(`... and ${changes.length - SUMMARY_LIMIT} more`);
  return lines;
}

// A stored document is the output of parseTopology, so it is used as is.
// Note: not parsed again (hundreds of kilobytes for a large estate); a document that is not a
// topology at all (a row written by hand) counts as no parent: every part of the new one is new.
async function parentDocument(tx: Tx, parentId: string): Promise<Topology | null> {
  const row = await tx.revision.findUniqueOrThrow({ where: { id: parentId }, select: { document: true } });
  const doc = row.document as unknown as Topology | null;
  return doc && typeof doc === "object" && typeof doc.metadata === "object" && doc.metadata !== null
    ? doc
    : null;
}
