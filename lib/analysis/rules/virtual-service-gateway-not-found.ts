import { gatewayRefString } from "@/lib/topology";
import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC004",
  name: "VirtualServiceGatewayNotFound",
  severity: "error",
  description:
    "A route names a gateway that does not exist, or that does not run in a cluster the route is rendered in.",
};

export const virtualServiceGatewayNotFound: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      for (const ref of info.binding.missing) {
        out.push(
          finding(
            meta,
            `Route ${info.namespace}/${info.route.name} is bound to gateway ${ref}, which is not in the topology.`,
            [routeObject(info)],
            "Use namespace/name of an existing gateway (or `mesh`), or add the gateway.",
          ),
        );
      }
      if (!info.route.clusters) continue;
      for (const cluster of info.route.clusters) {
        const here = info.binding.gateways.filter((g) => g.placement.some((p) => p.cluster === cluster));
        if (here.length > 0 || info.binding.mesh) continue;
        out.push(
          finding(
            meta,
            `Route ${info.namespace}/${info.route.name} is meant for cluster ${cluster}, but none of its gateways (${info.binding.gateways.map(gatewayRefString).join(", ") || "none"}) runs there.`,
            [routeObject(info, cluster)],
            "Place one of the route's gateways in this cluster or remove the cluster from the route.",
          ),
        );
      }
    }
    return out;
  },
};
