// Runs the connection checklist against a registered cluster and stores what it found: status,
// versions and the report people read. A zone or region left empty at registration is filled from
// the nodes' labels when they agree on one.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { SecretBoxError } from "@/lib/crypto/secret-box";
import type { Prisma } from "@/lib/db/generated/client";
import { checkCluster, type CheckReport } from "./check-cluster";
import type { RegistryContext } from "./cluster-context";
import { toClusterDto, type ClusterDto } from "./cluster-dto";
import { objectProblemsOf } from "./cluster-object-problems";
import { findClusterOrThrow } from "./find-cluster";
import { recordClusterContact } from "./record-cluster-contact";
import { openClusterClient } from "./open-cluster-client";

function statusOf(report: CheckReport): "reachable" | "unreachable" | "error" {
  if (report.reachable) return "reachable";
  return ["network", "redirect", "endpointRefused", "rateLimited", "unavailable"].includes(
    report.failure ?? "",
  )
    ? "unreachable"
    : "error";
}

function summary(report: CheckReport): string {
  const bad = report.items.filter((i) => i.status !== "ok");
  if (bad.length === 0) return "All checks passed.";
  return bad.map((i) => `${i.label}: ${i.message}`).join(" ");
}

export async function testClusterConnection(
  name: string,
  ctx: RegistryContext,
): Promise<{ cluster: ClusterDto; report: CheckReport }> {
  const cluster = await findClusterOrThrow(name);
  let client;
  try {
    client = openClusterClient(cluster, {
      allowInsecure: ctx.allowInsecure,
      lookup: ctx.lookup,
      ...ctx.client,
    });
  } catch (err) {
    if (err instanceof SecretBoxError)
      throw AppError.unprocessable(`The credentials of cluster "${name}" cannot be opened: ${err.message}`);
    throw err;
  }
  let report: CheckReport;
  try {
    report = await checkCluster(client, { expectedZone: cluster.zone, expectedRegion: cluster.region });
  } finally {
    await client.close();
  }
  const singleZone = report.zones.length === 1 ? report.zones[0]! : null;
  const singleRegion = report.regions.length === 1 ? report.regions[0]! : null;
  const updated = await prisma.$transaction(async (tx) => {
    await recordClusterContact(
      tx,
      cluster.id,
      report.reachable
        ? { ok: true, at: new Date(report.checkedAt) }
        : { ok: false, at: new Date(report.checkedAt), reason: summary(report) },
    );
    const saved = await tx.cluster.update({
      where: { id: cluster.id },
      data: {
        status: statusOf(report),
        statusMessage: summary(report).slice(0, 2000),
        kubernetesVersion: report.kubernetesVersion ?? cluster.kubernetesVersion,
        istioVersion: report.reachable ? report.istioVersion : cluster.istioVersion,
        istioRevision: report.reachable ? report.istioRevision : cluster.istioRevision,
        checkReport: report as unknown as Prisma.InputJsonValue,
        lastCheckedAt: new Date(report.checkedAt),
        ...(cluster.zone === null && singleZone ? { zone: singleZone } : {}),
        ...(cluster.region === null && singleRegion ? { region: singleRegion } : {}),
      },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "cluster.test",
      targetType: "cluster",
      targetId: saved.id,
      clusterName: saved.name,
      requestId: ctx.requestId,
      metadata: { status: report.status, items: report.items.map((i) => `${i.id}:${i.status}`) },
    });
    return saved;
  });
  return { cluster: toClusterDto(updated, await objectProblemsOf(updated.id)), report };
}
