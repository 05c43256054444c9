import { gatewayRefString } from "@/lib/topology";
import { gatewayObject, routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC016",
  name: "ReservedNamespace",
  severity: "error",
  description: "Product objects must not be placed in namespaces that belong to the cluster or the mesh.",
};

const KUBE = new Set(["kube-system", "kube-public", "kube-node-lease"]);
/** Product gateways in istio-system share the fate of the control plane and the shared ingress. */
const MESH = new Set(["istio-system"]);

export const reservedNamespace: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const hint = "Use the product's own namespace (or a dedicated one such as <product>-gateway).";
    for (const gw of ctx.topology.gateways) {
      if (
        KUBE.has(gw.namespace) ||
        (gw.mode === "product" && (MESH.has(gw.namespace) || gw.namespace === "default"))
      ) {
        out.push(
          finding(
            meta,
            `Gateway ${gatewayRefString(gw)} is in reserved namespace ${gw.namespace}.`,
            [gatewayObject(gw)],
            hint,
          ),
        );
      }
    }
    for (const info of ctx.routes) {
      if (KUBE.has(info.namespace) || MESH.has(info.namespace)) {
        out.push(
          finding(
            meta,
            `Route ${info.route.name} would create a VirtualService in reserved namespace ${info.namespace}.`,
            [routeObject(info)],
            hint,
          ),
        );
      }
    }
    for (const p of ctx.topology.products) {
      for (const ns of p.namespaces) {
        if (KUBE.has(ns) || MESH.has(ns)) {
          out.push(
            finding(
              meta,
              `Product ${p.name} claims reserved namespace ${ns}.`,
              [{ kind: "Namespace", name: ns, product: p.name }],
              hint,
            ),
          );
        }
      }
    }
    return out;
  },
};
