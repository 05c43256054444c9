// The rendered objects two topology documents differ by, per cluster, with a YAML diff per object:
// what comparing two revisions shows. Pure.
import { createTwoFilesPatch } from "diff";
import { renderCluster } from "@/lib/istio";
import { objectKey, objectToYaml, PRODUCT_LABEL, type K8sObject, type Topology } from "@/lib/topology";
import type { PlanAction } from "./plan-cluster";

export type ObjectDiff = {
  action: Exclude<PlanAction, "unchanged">;
  /** `apiVersion/kind/namespace/name`. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  product?: string;
  /** Unified YAML diff from the first document's object to the second's. */
  diff: string;
};

export type ClusterDiff = { cluster: string; objects: ObjectDiff[] };

// Note: the revision number is stamped on every rendered object; it is left out on both sides so
// the diff shows what changed, not that the number did.
function unstamped(topology: Topology): Topology {
  return { ...topology, metadata: { ...topology.metadata, revision: undefined } };
}

function objectsOf(topology: Topology | null, cluster: string): Map<string, K8sObject> {
  if (!topology || !topology.clusters.some((c) => c.name === cluster)) return new Map();
  return new Map(renderCluster(unstamped(topology), cluster).objects.map((o) => [objectKey(o), o]));
}

/**
 * Per cluster of either document, every object created, updated or deleted going from `from` to
 * `to`. `labels` name the two sides in the diff headers; `product` keeps that product's objects only.
 */
export function diffTopologies(
  from: Topology | null,
  to: Topology,
  opts: { labels?: [string, string]; product?: string; clusters?: readonly string[] } = {},
): ClusterDiff[] {
  const [a, b] = opts.labels ?? ["before", "after"];
  const names = [
    ...new Set([...(from?.clusters.map((c) => c.name) ?? []), ...to.clusters.map((c) => c.name)]),
  ];
  const out: ClusterDiff[] = [];
  for (const cluster of names) {
    if (opts.clusters && !opts.clusters.includes(cluster)) continue;
    const before = objectsOf(from, cluster);
    const after = objectsOf(to, cluster);
    const objects: ObjectDiff[] = [];
    for (const key of [...new Set([...after.keys(), ...before.keys()])]) {
      const x = before.get(key);
      const y = after.get(key);
      const o = (y ?? x)!;
      const product = o.metadata.labels?.[PRODUCT_LABEL];
      if (opts.product && product !== opts.product) continue;
      const xs = x ? objectToYaml(x) : "";
      const ys = y ? objectToYaml(y) : "";
      if (xs === ys) continue;
      objects.push({
        action: !x ? "create" : !y ? "delete" : "update",
        key,
        kind: o.kind,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
        ...(product ? { product } : {}),
        diff: createTwoFilesPatch(`${a}/${key}`, `${b}/${key}`, xs, ys, "", "", { context: 3 }),
      });
    }
    out.push({ cluster, objects });
  }
  return out;
}
