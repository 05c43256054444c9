import { gatewayApiPortPlan, gatewayApiTls, routeGatewayApi } from "./gateway-api-route";
import { ingressNginxPortPlan, ingressNginxTls, routeIngressNginx } from "./ingress-nginx-route";
import { type IngressNginxClass } from "./ingress-nginx-servers";
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

function ingressNginxRouter(cls: IngressNginxClass): GatewayRouter {
  return {
    portPlan: (_config, port) => ingressNginxPortPlan(port),
    tls: (config, port, sni) => ingressNginxTls(config, cls, port, sni),
    route: (config, req) => routeIngressNginx(config, cls, req, weightedPick),
  };
}

/**
 * A Gateway API Gateway's workload routes by its Gateway, an ingress-nginx controller by the
 * Ingresses of its class, any other gateway by Istio's API.
 */
export function routerFor(gw: GatewayService): GatewayRouter {
  if (gw.k8sGateway) return gatewayApiRouter(gw.k8sGateway);
  if (gw.ingressNginx) return ingressNginxRouter(gw.ingressNginx);
  return istioRouter(gw.workload);
}
