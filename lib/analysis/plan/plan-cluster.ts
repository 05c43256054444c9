import { createTwoFilesPatch } from "diff";
import type { K8sObject } from "@/lib/topology";
import { compareObjects, isManagedByPortico, objectKey, objectToYaml } from "@/lib/topology";
import { compareObject } from "./compare-object";
import { normalizeLive } from "./normalize-live";

export type PlanAction = "create" | "update" | "delete" | "unchanged";

export interface PlanItem {
  action: PlanAction;
  /** `apiVersion/kind/namespace/name`. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  desired?: K8sObject;
  live?: K8sObject;
  /** Unified YAML diff live → desired (create: against nothing; delete: to nothing). */
  diff?: string;
}

/** Identity independent of the API version, so v1beta1 live objects match v1 desired ones. */
function identity(o: K8sObject): string {
  const group = o.apiVersion.includes("/") ? o.apiVersion.slice(0, o.apiVersion.indexOf("/")) : "";
  return `${group}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

/** Unified YAML diff of one object, `live/<key>` against `desired/<key>`. */
export function yamlDiff(key: string, before: string, after: string): string {
  return createTwoFilesPatch(`live/${key}`, `desired/${key}`, before, after, "", "", { context: 3 });
}

/**
 * Create / update / delete / unchanged per object. Only live objects carrying Portico's
 * managed-by label may be deleted, and Namespaces never are: they hold workloads Portico does not
 * own. Creates and updates come in apply order, deletes last in reverse order.
 */
export function planCluster(desired: readonly K8sObject[], live: readonly K8sObject[]): PlanItem[] {
  const liveById = new Map(live.map((o) => [identity(o), o]));
  const items: PlanItem[] = [];
  const seen = new Set<string>();
  for (const d of [...desired].sort(compareObjects)) {
    const id = identity(d);
    seen.add(id);
    const base = { key: objectKey(d), kind: d.kind, namespace: d.metadata.namespace, name: d.metadata.name };
    const l = liveById.get(id);
    if (!l) {
      items.push({ ...base, action: "create", desired: d, diff: yamlDiff(base.key, "", objectToYaml(d)) });
      continue;
    }
    // The same rule as the sync's (compare-object.ts): a plan never promises what a sync won't do.
    const cmp = compareObject(d, l);
    if (cmp.same) {
      items.push({ ...base, action: "unchanged", desired: d, live: l });
    } else {
      items.push({
        ...base,
        action: "update",
        desired: d,
        live: l,
        diff: yamlDiff(base.key, cmp.liveYaml, cmp.desiredYaml),
      });
    }
  }
  const deletes = live
    .filter((l) => !seen.has(identity(l)) && isManagedByPortico(l) && l.kind !== "Namespace")
    .sort((a, b) => compareObjects(b, a));
  for (const l of deletes) {
    const key = objectKey(l);
    items.push({
      action: "delete",
      key,
      kind: l.kind,
      namespace: l.metadata.namespace,
      name: l.metadata.name,
      live: l,
      diff: yamlDiff(key, objectToYaml(normalizeLive(l as unknown as Record<string, unknown>)), ""),
    });
  }
  return items;
}

/** Counts per action, for summaries. */
export function planSummary(items: readonly PlanItem[]): Record<PlanAction, number> {
  const out: Record<PlanAction, number> = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const i of items) out[i.action]++;
  return out;
}
