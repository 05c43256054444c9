// The workload (Deployment) name each gateway of a topology runs as, which is what Istio's metrics
// call `source_workload`. It follows the format Portico renders the topology in, so drain status and
// edge rates look for the series the rendered objects really produce.
import { istioGatewayDeploymentName } from "@/lib/gateway-api/gateway-deployment-name";
import { renderGatewayApiGateway } from "@/lib/gateway-api/render-gateway";
import { createContext } from "@/lib/istio/context";
import type { RenderFormat } from "@/lib/istio/render-cluster";
import { indexTopology, type GatewaySpec, type Topology } from "@/lib/topology";
import type { GatewayWorkload } from "./gateway-error-rate";

/** `namespace/name` of a topology gateway. */
export const gatewayRef = (g: { namespace: string; name: string }) => `${g.namespace}/${g.name}`;

/**
 * Gateway `namespace/name` → its workload. Shared gateways are never rendered: their Deployment has
 * the gateway's name (as imported). Product gateways: in `istio` format Portico's Deployment has the
 * gateway's name; in `gateway-api` format the workload is the one the rendered Gateway binds to
 * (Istio's `<name>-istio` if it were left to Istio's automated deployment).
 */
export function gatewayWorkloads(
  topology: Topology,
  format: RenderFormat = "istio",
): Map<string, GatewayWorkload> {
  const out = new Map<string, GatewayWorkload>();
  const index = format === "gateway-api" ? indexTopology(topology) : undefined;
  for (const gw of topology.gateways)
    out.set(gatewayRef(gw), { namespace: gw.namespace, workload: workloadName(gw, format, index) });
  return out;
}

function workloadName(
  gw: GatewaySpec,
  format: RenderFormat,
  index: ReturnType<typeof indexTopology> | undefined,
): string {
  if (gw.mode === "shared" || format === "istio" || !index) return gw.name;
  const cluster = index.clusters.get(gw.placement[0]!.cluster);
  if (!cluster) return gw.name;
  return istioGatewayDeploymentName(renderGatewayApiGateway(createContext(index, cluster), gw, []));
}
