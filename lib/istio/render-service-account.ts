import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { meta, type RenderContext } from "./context";
import { gatewaySource } from "./gateway-source";

export function renderServiceAccount(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: meta(ctx, {
      name: gw.name,
      namespace: gw.namespace,
      product: gw.product,
      source: gatewaySource(gw),
    }),
  };
}
