import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { k8sName, meta, type RenderContext } from "./context";
import { gatewaySource } from "./gateway-source";

/** The gateway fetches TLS credentials itself (SDS), so it must read secrets of its namespace. */
export function renderRole(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: meta(ctx, {
      name: k8sName(gw.name, "sds"),
      namespace: gw.namespace,
      product: gw.product,
      source: gatewaySource(gw),
    }),
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
  };
}
