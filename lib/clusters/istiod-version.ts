// Which Istio a cluster runs, read from istiod's Deployment(s) in istio-system: the connection check
// and every sync read it the same way, so the clusters list and the checklist never disagree.
import type { ClusterClient, CallOptions } from "@/lib/k8s/cluster-client";
import type { K8sObject } from "@/lib/topology/k8s-object";

export type IstioVersion = { version: string | null; revision: string | null };

/** An istiod Deployment found in istio-system, with the version it runs. */
export type FoundIstiod = IstioVersion & { name: string };

/** The Istio version an istiod Deployment runs: image tag first, then the version labels. */
export function istioVersionOf(deployment: K8sObject): IstioVersion {
  const labels = deployment.metadata.labels ?? {};
  const spec = deployment.spec as
    { template?: { spec?: { containers?: { name?: string; image?: string }[] } } } | undefined;
  const containers = spec?.template?.spec?.containers ?? [];
  const container = containers.find((c) => c.name === "discovery") ?? containers[0];
  const tag = container?.image?.split("@")[0]?.match(/:([^/:]+)$/)?.[1];
  const fromTag = tag && /^\d+\.\d+/.test(tag) ? tag.replace(/-distroless$/, "") : undefined;
  const version =
    fromTag ?? labels["app.kubernetes.io/version"] ?? labels["operator.istio.io/version"] ?? null;
  return { version, revision: labels["istio.io/rev"] ?? null };
}

/**
 * The istiod Deployments among a namespace's Deployments (labelled app=istiod, or named istiod or
 * istiod-<revision> by installs that drop the label), each with its version.
 */
export function istiodsOf(deployments: readonly K8sObject[]): FoundIstiod[] {
  return deployments
    .filter((d) => d.metadata.labels?.app === "istiod" || /^istiod(-|$)/.test(d.metadata.name))
    .map((d) => ({ name: d.metadata.name, ...istioVersionOf(d) }));
}

/**
 * The istiod that serves workloads without a revision label: the default revision, else an
 * unrevisioned one, else the first (during a canary upgrade several run at once).
 */
export function mainIstiod(found: readonly FoundIstiod[]): FoundIstiod | null {
  return found.find((f) => f.revision === "default" || f.revision === null) ?? found[0] ?? null;
}

/** One list of istio-system's Deployments; null when no istiod runs there. Cluster errors throw. */
export async function readIstioVersion(
  client: Pick<ClusterClient, "list">,
  options: CallOptions = {},
): Promise<FoundIstiod | null> {
  const deployments = await client.list("apps/v1", "Deployment", { namespace: "istio-system", ...options });
  return mainIstiod(istiodsOf(deployments));
}
