import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { k8sName, type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

export function renderRoleBinding(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  const name = k8sName(gw.name, "sds");
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: gatewayMeta(ctx, gw, name),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ kind: "ServiceAccount", name: gw.name, namespace: gw.namespace }],
  };
}
