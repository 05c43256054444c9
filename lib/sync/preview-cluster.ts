// The plan shown before an apply: per object, what a sync would do and the YAML diff, each create
// or update checked by the cluster itself with a server-side dry run. Nothing is changed.
import { planCluster } from "@/lib/analysis/plan";
import { isKubeApiError } from "@/lib/k8s/kube-api-error";
import { objectKey, type K8sObject } from "@/lib/topology";
import { groupOf, type ClusterApi } from "./cluster-api";
import { rowKey } from "./inventory-key";
import { readLive, servedGroups, type KindRef } from "./read-live";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";
import type { z } from "zod";
import type { clusterPreviewSchema, PlanItem } from "@/lib/api/schemas/plan";

/** One object of the plan: what a sync would do, the YAML diff and the dry run's refusal. */
export type PreviewItem = PlanItem;

export type InventoryRef = { apiVersion: string; kind: string; namespace: string; name: string };

export type ClusterPreview = z.infer<typeof clusterPreviewSchema>;

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
    // planCluster decides with the sync's own rule (compareObject), so the plan and the sync agree.
    const action = p.action;
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
