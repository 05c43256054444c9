// Objects that move traffic (routes bound to a product gateway, the gateway's ServiceEntry or DNS
// record) wait until the gateway is ready, its TLS Secrets exist and its backends have ready
// endpoints (lib/cutover). The facts are read once, just before the first apply rank that holds
// such an object, so the gateway's own Deployment and Service applied in earlier ranks count.
import { readClusterFacts } from "@/lib/cutover/cluster-facts";
import { checkKey, uniqueChecks, type FactCheck } from "@/lib/cutover/fact-checks";
import { waitingReason, type Fact } from "@/lib/cutover/judge-facts";
import { trafficDependencies } from "@/lib/cutover/traffic-dependencies";
import { isKubeApiError } from "@/lib/k8s/kube-api-error";
import type { Topology } from "@/lib/topology";
import type { ClusterApi } from "./cluster-api";
import type { PlannedApply } from "./plan-reconcile";
import { errorKindOf, TransientSyncError } from "./transient-sync-error";

/** The facts of a cluster by check key, or why Portico may not read them. */
export type TrafficFacts = ReadonlyMap<string, Fact> | { unreadable: string };

/** The checks each planned object waits on, by inventory row id; none for most objects. */
export type Dependencies = ReadonlyMap<string, readonly FactCheck[]>;

/**
 * Which objects of a batch wait, and why, by inventory row id, in batch order. An object waits
 * when a fact it depends on does not hold, or when the facts could not be read at all.
 */
export function waitingReasons(
  batch: readonly PlannedApply[],
  dependencies: Dependencies,
  facts: TrafficFacts | undefined,
): Map<string, string> {
  const held = new Map<string, string>();
  for (const a of batch) {
    const needs = dependencies.get(a.row.id) ?? [];
    if (needs.length === 0) continue;
    if (!facts) throw new Error("The traffic facts were not read before judging objects that need them.");
    const known = facts;
    // A fact the read did not return was not observed: it holds the object like a failed one.
    const reason =
      "unreadable" in known
        ? known.unreadable
        : waitingReason(
            needs.map(
              (c) =>
                known.get(checkKey(c)) ?? {
                  ...c,
                  ok: false,
                  message: `${c.kind} ${c.namespace}/${c.name} was not observed`,
                },
            ),
          );
    if (reason) held.set(a.row.id, reason);
  }
  return held;
}

export type TrafficGate = {
  /** The objects of a batch that wait, and why; reads the facts the first time a batch needs them. */
  held(batch: readonly PlannedApply[]): Promise<Map<string, string>>;
};

/** The gate of one reconcile, for the objects it plans to apply. */
export function trafficGate(
  api: ClusterApi,
  topology: Topology | null,
  cluster: string,
  toApply: readonly PlannedApply[],
): TrafficGate {
  const dependencies: Dependencies = new Map(
    toApply.map((a) => [a.row.id, topology ? trafficDependencies(topology, cluster, a.obj) : []]),
  );
  let facts: Promise<TrafficFacts> | undefined;
  const readFacts = async (): Promise<TrafficFacts> => {
    const checks = uniqueChecks([...dependencies.values()].flat());
    try {
      return new Map((await readClusterFacts(api, checks)).map((f) => [checkKey(f), f]));
    } catch (err) {
      // Not allowed to look (RBAC without Secret or EndpointSlice reads): the objects wait, saying
      // so; anything the cluster may get over fails the job and the queue retries it.
      if (isKubeApiError(err) && !err.retryable && err.kind !== "aborted")
        return { unreadable: `waiting: Portico cannot check what traffic waits on: ${err.message}` };
      throw new TransientSyncError(err instanceof Error ? err.message : String(err), errorKindOf(err));
    }
  };
  return {
    async held(batch) {
      const needsFacts = batch.some((a) => (dependencies.get(a.row.id) ?? []).length > 0);
      return waitingReasons(batch, dependencies, needsFacts ? await (facts ??= readFacts()) : undefined);
    },
  };
}
