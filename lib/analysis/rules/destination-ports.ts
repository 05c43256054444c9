import { destinationNamespace, serviceKey, type Destination } from "@/lib/topology";
import { gatewayServicePorts } from "@/lib/istio/render-service";
import type { AnalysisContext, RouteInfo } from "../context";

export interface DestinationPorts {
  info: RouteInfo;
  destination: Destination;
  /** `namespace/name` of the backend (a service or a gateway's Service). */
  key: string;
  /** Port numbers its Service exposes. */
  ports: number[];
}

const listed = new WeakMap<AnalysisContext, DestinationPorts[]>();

/**
 * Every route destination whose Service the model knows, with that Service's ports: a backend's
 * declared ports, or the ports Portico renders on a gateway's Service (status port included).
 * Unknown destinations are PTC005's to report. Two rules read it, so it is listed once per analysis.
 */
export function destinationPorts(ctx: AnalysisContext): DestinationPorts[] {
  const hit = listed.get(ctx);
  if (hit) return hit;
  const out: DestinationPorts[] = [];
  for (const info of ctx.routes) {
    for (const rule of info.route.http) {
      for (const destination of rule.destinations) {
        const key = serviceKey(destinationNamespace(destination, info.route, ctx.index), destination.service);
        const svc = ctx.index.services.get(key);
        const gw = svc ? undefined : ctx.index.gateways.get(key);
        const ports = svc
          ? svc.ports.map((p) => p.port)
          : gw
            ? gatewayServicePorts(gw).map((p) => p.port)
            : undefined;
        if (ports) out.push({ info, destination, key, ports });
      }
    }
  }
  listed.set(ctx, out);
  return out;
}
