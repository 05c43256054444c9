// What a forced sync of one cluster would do, per object, before anyone confirms it: the YAML diff
// of each object it changes (live against what the cluster's dry run of the forced apply returns),
// the field managers it takes fields from, and the objects it would refuse to take over.
import type { PrismaClient } from "@/lib/db/client";
import { compareObject } from "@/lib/analysis/plan/compare-object";
import { normalizeLive } from "@/lib/analysis/plan/normalize-live";
import { yamlDiff } from "@/lib/analysis/plan/plan-cluster";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { AppError } from "@/lib/errors/app-error";
import type { ClusterClientOptions } from "@/lib/k8s/cluster-client";
import { objectKey, objectToYaml, type K8sObject } from "@/lib/topology";
import { groupOf, type ClusterApi } from "./cluster-api";
import { desiredObjects } from "./desired-objects";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";
import { newestTopology } from "@/lib/revisions/newest-topology";
import { readLive, servedGroups } from "./read-live";
import { takeoverLoss, takeoverRefusal } from "./takeover-loss";
import type { ForcePreview, ForcePreviewItem } from "@/lib/api/schemas/clusters";

export type { ForcePreview, ForcePreviewItem };

type ManagedEntry = { manager?: string; subresource?: string };

/** Readable form of an object for a diff: no status, no server metadata. */
const readable = (o: K8sObject) => objectToYaml(normalizeLive(o as unknown as Record<string, unknown>));

export async function previewForceOn(
  api: ClusterApi,
  desired: readonly K8sObject[],
): Promise<ForcePreviewItem[]> {
  const served = await servedGroups(api, desired);
  const live = await readLive(api, desired, served);
  const items: ForcePreviewItem[] = [];
  for (const obj of desired) {
    if (!served.get(groupOf(obj.apiVersion))) continue;
    const key = objectKey(obj);
    const base = { key, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
    const current = live.get(key);
    if (!current) {
      // Not among Portico's objects: absent (a plain create), or someone else's object of that name.
      const loss = await takeoverLoss(api, obj);
      if (!loss) continue;
      const diff = yamlDiff(key, readable(loss.live), readable(loss.after));
      const managers = otherManagers(loss.live);
      items.push(
        loss.lost.length
          ? {
              ...base,
              outcome: "refused",
              diff,
              managers,
              lost: loss.lost,
              message: takeoverRefusal(obj, loss.lost),
            }
          : { ...base, outcome: "change", diff, managers },
      );
      continue;
    }
    if (compareObject(obj, current).same) continue;
    const full = await api.get(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!full) continue;
    const after = await api.apply(obj, { fieldManager: FIELD_MANAGER, force: true, dryRun: true });
    const [before, forced] = [readable(full), readable(after)];
    // Note: a field someone added beside Portico's stays through a forced apply (a revert removes
    // it); such an object is drifted, but forcing changes nothing in it.
    if (before === forced) continue;
    items.push({
      ...base,
      outcome: "change",
      diff: yamlDiff(key, before, forced),
      managers: otherManagers(full),
    });
  }
  return items;
}

function otherManagers(o: K8sObject): string[] {
  const entries = (o.metadata.managedFields ?? []) as ManagedEntry[];
  return [
    ...new Set(
      entries
        .filter((e) => !e.subresource && e.manager && e.manager !== FIELD_MANAGER)
        .map((e) => e.manager!),
    ),
  ].sort();
}

export async function previewForce(
  db: PrismaClient,
  clusterName: string,
  clientOptions: ClusterClientOptions = {},
): Promise<ForcePreview> {
  const cluster = await db.cluster.findUnique({ where: { name: clusterName } });
  if (!cluster) throw AppError.notFound(`Cluster "${clusterName}"`);
  const newest = await newestTopology(db);
  if (!newest) return { cluster: clusterName, revision: null, items: [] };
  let client: ReturnType<typeof openClusterClient> | undefined;
  try {
    // Inside the try: credentials that do not open are a cluster that cannot be read, not a crash.
    client = openClusterClient(cluster, { retry: { maxAttempts: 2 }, ...clientOptions });
    const items = await previewForceOn(client, desiredObjects(newest.topology, clusterName, newest.number));
    return { cluster: clusterName, revision: newest.number, items };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      "UNAVAILABLE",
      `Could not read cluster ${clusterName} to preview a forced sync: ${(err as Error).message}. Check the connection on the Clusters page and try again.`,
      { cause: err },
    );
  } finally {
    await client?.close();
  }
}
