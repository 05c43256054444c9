import { type Cluster } from "../cluster";
import { type KObject, deepEqual } from "../json";
import { storeKey } from "../resources";
import { desiredGatewayWorkloads } from "./gateway-api-deployer";
import { gatewayApiStatus } from "./gateway-api-status";
import { type ClusterConfig } from "./types";

const MANAGED = "gateway.istio.io/managed";

/**
 * What istiod's Gateway API controllers do in a cluster: deploy a gateway (Deployment and
 * Service) for each Gateway of class istio, remove those whose Gateway is gone, and write the
 * status conditions of Gateways and HTTPRoutes. Writes only what changed, so it converges.
 */
export function reconcileGatewayApi(
  cluster: Cluster,
  config: ClusterConfig,
  addressFor: (namespace: string, service: string) => string | undefined,
): void {
  if (!cluster.addons.gatewayApi || !cluster.addons.istio) return;
  const deployments = cluster.resource("apps", "v1", "deployments")!;
  const services = cluster.resource("", "v1", "services")!;
  const wanted = new Set<string>();
  for (const { deployment, service } of desiredGatewayWorkloads(config)) {
    for (const [rt, obj, live] of [
      [deployments, deployment, config.deployments],
      [services, service, config.services],
    ] as const) {
      const key = `${rt.resource}/${obj.metadata.namespace}/${obj.metadata.name}`;
      wanted.add(key);
      const cur = live.find(
        (o) => o.metadata.namespace === obj.metadata.namespace && o.metadata.name === obj.metadata.name,
      );
      const same =
        cur &&
        deepEqual(cur.metadata.labels ?? {}, obj.metadata.labels ?? {}) &&
        deepEqual(withoutAssigned(cur.spec), withoutAssigned(obj.spec));
      if (same) continue;
      if (cur && cur.metadata.labels?.[MANAGED] === undefined && rt === deployments) continue; // not ours
      cluster.internalWrite(rt, cur ? { ...obj, status: cur.status } : obj, "istio.io-gateway-controller");
    }
  }
  for (const [rt, live] of [
    [deployments, config.deployments],
    [services, config.services],
  ] as const) {
    for (const o of live) {
      const owner = (o.metadata.ownerReferences ?? []) as KObject[];
      if (!owner.some((r) => r.kind === "Gateway" && r.apiVersion?.startsWith("gateway.networking.k8s.io/")))
        continue;
      if (wanted.has(`${rt.resource}/${o.metadata.namespace}/${o.metadata.name}`)) continue;
      const gwGone = !config.k8sGateways.some((g) => owner.some((r) => r.uid === g.metadata.uid));
      if (gwGone) cluster.internalDelete(rt, o);
    }
  }
  for (const u of gatewayApiStatus(config, addressFor)) {
    const rt = cluster.resource("gateway.networking.k8s.io", "v1", u.resource)!;
    const cur = cluster.store.get(storeKey(rt), u.namespace, u.name);
    if (!cur || deepEqual(cur.status ?? {}, u.status)) continue;
    cluster.writeStatus(rt, cur, u.status);
  }
}

/** Fields the API server fills in (cluster IPs), which the controller does not set. */
function withoutAssigned(spec: KObject | undefined): KObject {
  if (!spec) return {};
  const { clusterIP: _c, clusterIPs: _cs, ...rest } = spec;
  return rest;
}
