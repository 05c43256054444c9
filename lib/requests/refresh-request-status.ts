// Moves an approved request to applied or failed once its clusters have settled, reading what the
// sync worker recorded (Cluster.observedRevisionId and the product's inventory rows). The worker
// calls it after each reconcile of a request's cluster, and reading a request calls it too, so the
// status is right whoever looks first.
import { recordAudit } from "@/lib/audit/record-audit";
import type { PrismaClient } from "@/lib/db/client";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { syncOutcome, type SyncOutcome } from "./sync-outcome";

export async function readSyncOutcome(
  prisma: PrismaClient,
  request: {
    revisionId: string | null;
    productSlug: string;
    payload: unknown;
  },
): Promise<(SyncOutcome & { revision: number }) | null> {
  if (!request.revisionId) return null;
  const revision = await prisma.revision.findUnique({
    where: { id: request.revisionId },
    select: { number: true },
  });
  if (!revision) return null;
  const payload = request.payload as GatewayRequestPayload;
  const clusters = await prisma.cluster.findMany({
    where: { name: { in: payload.clusters } },
    select: { id: true, name: true, observedRevision: { select: { number: true } } },
  });
  const errors = await prisma.inventoryObject.findMany({
    where: {
      clusterId: { in: clusters.map((c) => c.id) },
      productSlug: request.productSlug,
      status: "error",
      revisionNumber: { gte: revision.number },
    },
    select: { clusterId: true, kind: true, name: true, message: true },
  });
  const outcome = syncOutcome(
    revision.number,
    payload.clusters.map((name) => {
      const row = clusters.find((c) => c.name === name);
      return {
        cluster: name,
        registered: !!row,
        observedRevision: row?.observedRevision?.number ?? null,
        errors: row
          ? errors
              .filter((e) => e.clusterId === row.id)
              .map(({ kind, name: n, message }) => ({ kind, name: n, message }))
          : [],
      };
    }),
  );
  return { ...outcome, revision: revision.number };
}

/** Approved requests that deploy to `cluster`, brought up to date after a reconcile of it. */
export async function refreshRequestsOfCluster(prisma: PrismaClient, cluster: string): Promise<void> {
  const approved = await prisma.gatewayRequest.findMany({
    where: { status: "approved", revisionId: { not: null } },
    select: { id: true, payload: true },
  });
  for (const r of approved) {
    if ((r.payload as Partial<GatewayRequestPayload>).clusters?.includes(cluster))
      await refreshRequestStatus(prisma, r.id);
  }
}

export async function refreshRequestStatus(prisma: PrismaClient, id: string) {
  const request = await prisma.gatewayRequest.findUnique({ where: { id } });
  if (!request || request.status !== "approved") return null;
  const outcome = await readSyncOutcome(prisma, request);
  if (!outcome || outcome.status === "waiting") return outcome;
  const next = outcome.status;
  await prisma.$transaction(async (tx) => {
    // Conditional update: of two readers racing, only the first records the transition.
    const changed = await tx.gatewayRequest.updateMany({
      where: { id, status: "approved" },
      data: { status: next },
    });
    if (changed.count === 0) return;
    await recordAudit(tx, {
      actor: { email: "system", role: "system" },
      action: `request.${outcome.status}`,
      targetType: "gateway-request",
      targetId: id,
      productSlug: request.productSlug,
      before: { status: "approved" },
      after: {
        status: outcome.status,
        revision: outcome.revision,
        clusters: outcome.clusters.map((c) => ({
          cluster: c.cluster,
          state: c.state,
          errors: c.errors.length,
        })),
      },
    });
  });
  return outcome;
}
