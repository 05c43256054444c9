// The plan shown before an apply: per object, what a sync would do and the YAML diff, each create
// or update checked by the cluster itself with a server-side dry run. Nothing is changed.
import { planCluster, type PlanAction } from "@/lib/analysis/plan";
import { isKubeApiError } from "@/lib/k8s/kube-api-error";
import { objectKey, type K8sObject } from "@/lib/topology";
import { groupOf, type ClusterApi } from "./cluster-api";
import { needsApply } from "./comparable";
import { rowKey } from "./inventory-key";
import { readLive, servedGroups, type KindRef } from "./read-live";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";

export type PreviewItem = {
  action: PlanAction;
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  diff?: string;
  /** What the cluster said to the dry run, when it refused the object. */
  problem?: { kind: string; message: string };
};

export type InventoryRef = { apiVersion: string; kind: string; namespace: string; name: string };

export type ClusterPreview = {
  items: PreviewItem[];
  summary: Record<PlanAction, number> & { problems: number };
};

/**
 * @param inventory objects Portico applied before: only these are ever deleted, as in a sync.
 */
export async function previewCluster(
  api: ClusterApi,
  desired: readonly K8sObject[],
  inventory: readonly InventoryRef[],
): Promise<ClusterPreview> {
  const kinds: KindRef[] = [...desired, ...inventory];
  const served = await servedGroups(api, kinds);
  const live = await readLive(api, kinds, served);
  const relevant = new Set([...inventory.map(rowKey), ...desired.map(objectKey)]);
  const plan = planCluster(
    desired,
    [...live.values()].filter((o) => relevant.has(objectKey(o))),
  );

  const items: PreviewItem[] = [];
  for (const p of plan) {
    let action = p.action;
    // The sync's own rule decides: fields other managers added never call for an apply.
    if (action === "update" && p.desired && !needsApply(p.desired, p.live)) action = "unchanged";
    const item: PreviewItem = {
      action,
      key: p.key,
      kind: p.kind,
      namespace: p.namespace,
      name: p.name,
      diff: action === "unchanged" ? undefined : p.diff,
    };
    if ((action === "create" || action === "update") && p.desired) {
      if (!served.get(groupOf(p.desired.apiVersion))) {
        item.problem = {
          kind: "apiNotServed",
          message: `The cluster does not serve ${groupOf(p.desired.apiVersion)}; install it first.`,
        };
      } else {
        try {
          await api.apply(p.desired, { fieldManager: FIELD_MANAGER, dryRun: true });
        } catch (err) {
          if (!isKubeApiError(err) || err.retryable) throw err;
          item.problem = { kind: err.kind, message: err.message };
        }
      }
    }
    items.push(item);
  }
  const summary = { create: 0, update: 0, delete: 0, unchanged: 0, problems: 0 };
  for (const i of items) {
    summary[i.action]++;
    if (i.problem) summary.problems++;
  }
  return { items, summary };
}
