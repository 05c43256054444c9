import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

export function renderServiceAccount(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: gatewayMeta(ctx, gw),
  };
}
