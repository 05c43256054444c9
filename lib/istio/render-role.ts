import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { k8sName, type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

/** The gateway fetches TLS credentials itself (SDS), so it must read secrets of its namespace. */
export function renderRole(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: gatewayMeta(ctx, gw, k8sName(gw.name, "sds")),
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
  };
}
