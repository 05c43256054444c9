import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import { ruleShadowedBy } from "../match-set";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC011",
  name: "ShadowedRoute",
  severity: "warning",
  description: "An HTTP rule can never match because earlier rules of the same route take all its requests.",
};

function label(name: string | undefined, i: number): string {
  return name ? `"${name}"` : `#${i}`;
}

export const shadowedRoute: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      const rules = info.route.http;
      for (let i = 1; i < rules.length; i++) {
        const rule = rules[i]!;
        const by = ruleShadowedBy(rule, rules.slice(0, i));
        if (!by) continue;
        out.push(
          finding(
            meta,
            `Rule ${label(rule.name, i)} of route ${info.namespace}/${info.route.name} can never match: rule ${label(by.name, rules.indexOf(by))} before it takes every request it would match.`,
            [routeObject(info)],
            "Move the more specific rule before the general one (first match wins), or remove it.",
          ),
        );
      }
    }
    return out;
  },
};
