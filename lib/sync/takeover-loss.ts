// Before a forced apply takes over an object Portico did not create (one written by hand or by
// another tool under the name Portico renders, typically after an import): what the cluster says
// that apply would remove. A dry run answers, so the verdict is the API server's own.
import { normalizeLive } from "@/lib/analysis/plan/normalize-live";
import { removedContent } from "@/lib/analysis/plan/removed-content";
import { isManagedByPortico, type K8sObject } from "@/lib/topology";
import type { ClusterApi } from "./cluster-api";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";

export type TakeoverLoss = {
  /** The object as it is now. */
  live: K8sObject;
  /** The object as a forced apply would leave it (dry run). */
  after: K8sObject;
  /** What would be gone, e.g. `spec.http: rule "legacy-status"`. */
  lost: string[];
};

/** Null when the object does not exist or is already Portico's. */
export async function takeoverLoss(api: ClusterApi, desired: K8sObject): Promise<TakeoverLoss | null> {
  const { namespace, name } = desired.metadata;
  const live = await api.get(desired.apiVersion, desired.kind, namespace, name);
  if (!live || isManagedByPortico(live)) return null;
  const after = await api.apply(desired, { fieldManager: FIELD_MANAGER, force: true, dryRun: true });
  const lost = removedContent(
    normalizeLive(live as unknown as Record<string, unknown>),
    normalizeLive(after as unknown as Record<string, unknown>),
  );
  return { live, after, lost };
}

/** What the object's row says when the takeover is refused. */
export function takeoverRefusal(desired: K8sObject, lost: readonly string[]): string {
  const { namespace, name } = desired.metadata;
  return `Portico did not create ${desired.kind} ${namespace ? `${namespace}/` : ""}${name}, and taking it over would remove what the topology does not hold: ${lost.join("; ")}. Add that to the topology, or remove it from the cluster yourself, then sync again.`;
}
