// Adopting drift: the change someone made in the cluster becomes the desired state, as a new
// revision, so the next sync finds the object in sync instead of reverting it.
import type { AuditActor } from "@/lib/audit/record-audit";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import type { PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { adoptLiveObject, type AdoptResult } from "@/lib/istio/adopt-live-object";
import { compareObject } from "@/lib/analysis/plan/compare-object";
import { objectKey, type K8sObject, type Topology } from "@/lib/topology";
import { desiredObjects } from "./desired-objects";
import { createRevision } from "@/lib/revisions/create-revision";
import type { ClusterClientOptions } from "@/lib/k8s/cluster-client";
import { requireNewestTopology } from "@/lib/revisions/newest-topology";
import { rowKey } from "./inventory-key";

export async function adoptDrift(
  db: PrismaClient,
  input: { cluster: string; key: string; actor: AuditActor; requestId?: string },
  clientOptions: ClusterClientOptions = {},
): Promise<{ revision: number; changes: string[] }> {
  const cluster = await db.cluster.findUnique({ where: { name: input.cluster } });
  if (!cluster) throw AppError.notFound(`Cluster "${input.cluster}"`);
  const rows = await db.inventoryObject.findMany({ where: { clusterId: cluster.id, status: "drifted" } });
  const row = rows.find((r) => rowKey(r) === input.key);
  if (!row)
    throw AppError.conflict(
      `${input.key} is not drifted in cluster ${input.cluster}; only drifted objects can be adopted.`,
    );
  const client = openClusterClient(cluster, clientOptions);
  let live;
  try {
    live = await client.get(row.apiVersion, row.kind, row.namespace || undefined, row.name);
  } finally {
    await client.close();
  }
  if (!live)
    throw AppError.conflict(
      `${input.key} no longer exists in cluster ${input.cluster}; revert to re-create it.`,
    );
  const newest = await requireNewestTopology(db);
  const adopted = planAdoption(newest.topology, input.cluster, live);
  if (!adopted.ok) throw AppError.unprocessable(adopted.reason);
  const revision = await db.$transaction((tx) =>
    createRevision(tx, {
      document: adopted.topology,
      message: `Adopt the change of ${row.kind} ${row.namespace}/${row.name} in ${input.cluster}: ${adopted.changes.join("; ")}`,
      actor: input.actor,
      requestId: input.requestId,
    }),
  );
  return { revision: revision.number, changes: adopted.changes };
}

/**
 * The topology that carries a live object's change, checked by rendering it again: adoption is
 * refused when the object would still differ (a field the topology does not model), so adopting
 * never leaves an object drifted while claiming it was taken over.
 */
export function planAdoption(topology: Topology, cluster: string, live: K8sObject): AdoptResult {
  const adopted = adoptLiveObject(topology, cluster, live);
  if (!adopted.ok) return adopted;
  const rendered = desiredObjects(adopted.topology, cluster).find((o) => objectKey(o) === objectKey(live));
  if (!rendered) return { ok: false, reason: `Adopting would remove ${objectKey(live)} from the topology.` };
  const cmp = compareObject(rendered, live);
  if (!cmp.same) {
    const added = cmp.extras.length ? ` (${cmp.extras.join(", ")})` : "";
    return {
      ok: false,
      reason: `Only part of the change maps onto the topology (${adopted.changes.join("; ")}); the rest${added} does not. Revert it, or edit the topology by hand.`,
    };
  }
  return adopted;
}
