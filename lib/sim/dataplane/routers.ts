import { gatewayApiPortPlan, gatewayApiTls, routeGatewayApi } from "./gateway-api-route";
import { istioPortPlan, istioTls } from "./istio-gateway";
import { routeIstioGateway } from "./istio-route";
import {
  type ClusterConfig,
  type InboundRequest,
  type Pick,
  type PortPlan,
  type RouteDecision,
  type TlsDecision,
  type Workload,
} from "./types";
import { type GatewayService } from "./workloads";

/** The routing API a gateway listener uses, whichever configuration API drives its workload. */
export interface GatewayRouter {
  portPlan(config: ClusterConfig, port: { port: number; targetPort: number }): PortPlan;
  tls(
    config: ClusterConfig,
    port: { port: number; targetPort: number },
    sni: string | undefined,
  ): TlsDecision;
  route(config: ClusterConfig, req: InboundRequest): RouteDecision;
}

export const weightedPick: Pick = (items) => {
  const total = items.reduce((s, i) => s + Math.max(0, i.weight), 0);
  let r = Math.random() * total;
  for (const i of items) {
    r -= Math.max(0, i.weight);
    if (r < 0) return i;
  }
  return items[items.length - 1]!;
};

function istioRouter(workload: Workload): GatewayRouter {
  return {
    portPlan: (config, port) => istioPortPlan(config, workload, port),
    tls: (config, port, sni) => istioTls(config, workload, port, sni),
    route: (config, req) => routeIstioGateway(config, workload, req, weightedPick),
  };
}

function gatewayApiRouter(gateway: string): GatewayRouter {
  return {
    portPlan: (config, port) => gatewayApiPortPlan(config, gateway, port.port),
    tls: (config, port, sni) => gatewayApiTls(config, gateway, port.port, sni),
    route: (config, req) => routeGatewayApi(config, gateway, req, weightedPick),
  };
}

/** A Gateway API Gateway's workload routes by its Gateway; any other gateway by Istio's API. */
export function routerFor(gw: GatewayService): GatewayRouter {
  return gw.k8sGateway ? gatewayApiRouter(gw.k8sGateway) : istioRouter(gw.workload);
}
