import { destinationNamespace, serviceKey } from "@/lib/topology";
import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC006",
  name: "VirtualServiceSubsetNotFound",
  severity: "error",
  description: "A route names a subset its service does not declare (Istio answers 503).",
};

export const subsetNotFound: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      for (const rule of info.route.http) {
        for (const d of rule.destinations) {
          if (!d.subset) continue;
          const key = serviceKey(destinationNamespace(d, info.route, ctx.index), d.service);
          const svc = ctx.index.services.get(key);
          if (!svc || svc.subsets.some((s) => s.name === d.subset)) continue;
          out.push(
            finding(
              meta,
              `Route ${info.namespace}/${info.route.name} uses subset ${d.subset} of ${key}, which declares ${svc.subsets.map((s) => s.name).join(", ") || "no subsets"}.`,
              [
                routeObject(info),
                { kind: "DestinationRule", namespace: svc.namespace, name: svc.name, product: svc.product },
              ],
              `Declare subset ${d.subset} (with its pod labels) on service ${key} or fix the name.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
