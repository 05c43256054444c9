import { destinationNamespace, serviceKey } from "@/lib/topology";
import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC005",
  name: "VirtualServiceDestinationHostNotFound",
  severity: "error",
  description:
    "A route sends traffic to a service that does not exist in a cluster where the route is rendered (503 there).",
};

export const destinationHostNotFound: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      const reported = new Set<string>();
      for (const rule of info.route.http) {
        for (const d of rule.destinations) {
          const key = serviceKey(destinationNamespace(d, info.route, ctx.index), d.service);
          const svc = ctx.index.services.get(key);
          // Gateways are valid destinations too (internal clients moved to a gateway).
          if (!svc && ctx.index.gateways.has(key)) continue;
          const missingIn = svc ? info.clusters.filter((c) => !svc.clusters.includes(c)) : info.clusters;
          for (const cluster of missingIn) {
            if (reported.has(`${key}|${cluster}`)) continue;
            reported.add(`${key}|${cluster}`);
            out.push(
              finding(
                meta,
                svc
                  ? `Route ${info.namespace}/${info.route.name} sends traffic to ${key}, which does not run in cluster ${cluster}.`
                  : `Route ${info.namespace}/${info.route.name} sends traffic to ${key}, which is not a known service.`,
                [routeObject(info, cluster)],
                svc
                  ? `Add ${cluster} to the clusters of service ${key}, or restrict the route's clusters.`
                  : "Fix the service name/namespace or add the service to the topology.",
              ),
            );
          }
          if (!svc && info.clusters.length === 0 && !reported.has(key)) {
            reported.add(key);
            out.push(
              finding(
                meta,
                `Route ${info.namespace}/${info.route.name} sends traffic to ${key}, which is not a known service.`,
                [routeObject(info)],
                "Fix the service name/namespace or add the service to the topology.",
              ),
            );
          }
        }
      }
    }
    return out;
  },
};
