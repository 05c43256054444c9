import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import { matchCovers, ruleShadowedBy } from "../match-set";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC038",
  name: "IneffectiveMatch",
  severity: "info",
  description:
    "One match of an HTTP rule never applies: earlier rules, or an earlier match of the same rule, take all its requests (Istio IST0131).",
};

function label(name: string | undefined, i: number): string {
  return name ? `"${name}"` : `#${i}`;
}

/**
 * PTC011 reports a rule none of whose matches can apply; this reports a single dead match of a rule
 * that still applies through its others (istioctl analyze: virtualservice_dupmatches.yaml,
 * `almost-duplicate-match`). Decided exactly over the union of the earlier rules, like PTC011.
 */
export const ineffectiveMatch: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      const rules = info.route.http;
      rules.forEach((rule, i) => {
        // A rule with one match is either live or wholly shadowed (PTC011).
        if (rule.match.length < 2) return;
        const earlier = rules.slice(0, i);
        if (i > 0 && ruleShadowedBy(rule, earlier)) return;
        rule.match.forEach((m, j) => {
          const sibling = rule.match.slice(0, j).findIndex((s) => matchCovers(s, m));
          const by = sibling === -1 && i > 0 ? ruleShadowedBy({ ...rule, match: [m] }, earlier) : undefined;
          if (sibling === -1 && !by) return;
          const cause =
            sibling !== -1
              ? `match #${sibling} of the same rule`
              : `rule ${label(by!.name, rules.indexOf(by!))}`;
          out.push(
            finding(
              meta,
              `Match #${j} of rule ${label(rule.name, i)} in route ${info.namespace}/${info.route.name} never applies: ${cause} takes every request it would match.`,
              [routeObject(info)],
              "Remove the match, or move it (or a more specific rule) before the one that takes its requests.",
            ),
          );
        });
      });
    }
    return out;
  },
};
