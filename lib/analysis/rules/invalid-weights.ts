import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC021",
  name: "InvalidRouteWeights",
  severity: "error",
  description: "Weighted destinations of a rule must all carry a weight and add up to 100.",
};

export const invalidWeights: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      info.route.http.forEach((rule, i) => {
        const ds = rule.destinations;
        if (ds.length === 0) return; // a redirect
        if (ds.length === 1 && (ds[0]!.weight === undefined || ds[0]!.weight === 100)) return;
        const weights = ds.map((d) => d.weight);
        const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
        if (weights.every((w) => w !== undefined) && sum === 100) return;
        out.push(
          finding(
            meta,
            `Rule ${rule.name ?? `#${i}`} of route ${info.namespace}/${info.route.name} has weights ${weights.map((w) => w ?? "unset").join("/")} (sum ${sum}).`,
            [routeObject(info)],
            "Give every destination a weight, adding up to 100.",
          ),
        );
      });
    }
    return out;
  },
};
