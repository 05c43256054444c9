import type { GatewaySpec } from "@/lib/topology";
import { gatewayWorkloadLabels } from "@/lib/topology";

export function gatewaySource(gw: GatewaySpec): string {
  return `gateway/${gw.namespace}/${gw.name}`;
}

/** Pod labels of a product gateway, plus `app` so dashboards find it. */
export function gatewayPodLabels(gw: GatewaySpec): Record<string, string> {
  return { app: gw.name, ...gatewayWorkloadLabels(gw) };
}
