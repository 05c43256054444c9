// Reads what one cluster holds for a set of fact checks and judges them. Secrets are read as
// metadata only (PartialObjectMetadata): Portico learns that a Secret exists, never what it holds.
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import pLimit from "p-limit";
import type { K8sObject } from "@/lib/topology";
import type { FactCheck } from "./fact-checks";
import { judgeFacts, type Fact, type LiveState } from "./judge-facts";

/** The reads facts need; a ClusterClient has them (the sync passes one bound to its job's signal). */
export type FactsApi = Pick<ClusterClient, "get" | "getMetadata" | "list">;

const GATEWAY_API = "gateway.networking.k8s.io/v1";

export async function readLiveState(api: FactsApi, checks: readonly FactCheck[]): Promise<LiveState> {
  const secrets = new Map<string, boolean>();
  const deployments = new Map<string, K8sObject | null>();
  const services = new Map<string, K8sObject | null>();
  const endpointSlices = new Map<string, K8sObject[]>();
  const gatewayApiGateways = new Map<string, K8sObject | null>();
  const reads = new Map<string, () => Promise<void>>();
  for (const c of checks) {
    const key = `${c.namespace}/${c.name}`;
    const service = () =>
      reads.set(`service:${key}`, async () => {
        services.set(key, await api.get("v1", "Service", c.namespace, c.name));
      });
    if (c.kind === "tls-secret")
      reads.set(`secret:${key}`, async () => {
        secrets.set(key, (await api.getMetadata("v1", "Secret", c.namespace, c.name)) !== null);
      });
    else if (c.kind === "gateway-deployment")
      reads.set(`deployment:${key}`, async () => {
        deployments.set(key, await api.get("apps/v1", "Deployment", c.namespace, c.name));
      });
    else if (c.kind === "gateway-address") service();
    else if (c.kind === "backend-endpoints") {
      service();
      reads.set(`slices:${key}`, async () => {
        endpointSlices.set(
          key,
          await api.list("discovery.k8s.io/v1", "EndpointSlice", {
            namespace: c.namespace,
            labelSelector: `kubernetes.io/service-name=${c.name}`,
          }),
        );
      });
    } else if (c.kind === "gateway-api-status")
      // get() answers null when the cluster does not serve the Gateway API: nothing to judge then.
      reads.set(`gateway:${key}`, async () => {
        gatewayApiGateways.set(key, await api.get(GATEWAY_API, "Gateway", c.namespace, c.name));
      });
  }
  const limit = pLimit(8);
  await Promise.all([...reads.values()].map((read) => limit(read)));
  return { secrets, deployments, services, endpointSlices, gatewayApiGateways };
}

/** The verdict on each check in one cluster; cluster errors (unreachable, forbidden) are thrown. */
export async function readClusterFacts(api: FactsApi, checks: readonly FactCheck[]): Promise<Fact[]> {
  if (checks.length === 0) return [];
  return judgeFacts(checks, await readLiveState(api, checks));
}
