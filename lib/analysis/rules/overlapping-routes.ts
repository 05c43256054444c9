import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import { rulesOverlap } from "../match-set";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC012",
  name: "OverlappingRoutes",
  severity: "warning",
  description:
    "Rules of different routes for one host on one gateway match the same requests; which wins depends on merge order.",
};

export const overlappingRoutes: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const [key, infos] of ctx.routesByGatewayHost) {
      if (infos.length < 2) continue;
      const [cluster = "", gateway = "", host = ""] = key.split("|");
      for (let a = 0; a < infos.length; a++) {
        for (let b = a + 1; b < infos.length; b++) {
          const x = infos[a]!;
          const y = infos[b]!;
          const pair = `${cluster}|${x.namespace}/${x.route.name}|${y.namespace}/${y.route.name}`;
          if (seen.has(pair)) continue;
          const hit = x.route.http.find((rx) => y.route.http.some((ry) => rulesOverlap(rx, ry)));
          if (!hit) continue;
          seen.add(pair);
          out.push(
            finding(
              meta,
              `Routes ${x.namespace}/${x.route.name} and ${y.namespace}/${y.route.name} both match some requests to ${host} on ${gateway} in cluster ${cluster}.`,
              [routeObject(x, cluster), routeObject(y, cluster)],
              "Make the matches disjoint, or merge the routes into one so the order is explicit.",
            ),
          );
        }
      }
    }
    return out;
  },
};
