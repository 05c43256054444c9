import type { GatewaySpec } from "@/lib/topology";
import { gatewayWorkloadLabels } from "@/lib/topology";
import { meta, type RenderContext } from "./context";

export function gatewaySource(gw: GatewaySpec): string {
  return `gateway/${gw.namespace}/${gw.name}`;
}

/** Metadata of an object rendered for a gateway: in its namespace, owned by its product. */
export function gatewayMeta(ctx: RenderContext, gw: GatewaySpec, name = gw.name): ReturnType<typeof meta> {
  return meta(ctx, { name, namespace: gw.namespace, product: gw.product, source: gatewaySource(gw) });
}

/** Pod labels of a product gateway, plus `app` so dashboards find it. */
export function gatewayPodLabels(gw: GatewaySpec): Record<string, string> {
  return { app: gw.name, ...gatewayWorkloadLabels(gw) };
}
