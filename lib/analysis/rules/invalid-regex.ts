import { RE2JS } from "re2js";
import type { StringMatch } from "@/lib/topology";
import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC026",
  name: "InvalidRegex",
  severity: "error",
  description:
    "A regex match is not valid RE2 (lookarounds, backreferences, …) or is empty; istiod and Gateway API refuse it.",
};

/** Why Envoy's RE2 refuses a pattern, or undefined when it compiles. */
export function re2Error(pattern: string): string | undefined {
  if (pattern === "") return "the regex is empty";
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export const invalidRegex: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    // Routes of a large estate repeat the same few patterns; compile each once.
    const verdicts = new Map<string, string | undefined>();
    const check = (m: StringMatch | undefined): string | undefined => {
      if (m?.regex === undefined) return undefined;
      if (!verdicts.has(m.regex)) verdicts.set(m.regex, re2Error(m.regex));
      return verdicts.get(m.regex);
    };
    for (const info of ctx.routes) {
      info.route.http.forEach((rule, i) => {
        const label = rule.name ? `"${rule.name}"` : `#${i}`;
        for (const m of rule.match) {
          const where: Array<[string, StringMatch | undefined]> = [
            ["path", m.path],
            ...Object.entries(m.headers ?? {}).map(([h, v]): [string, StringMatch] => [`header ${h}`, v]),
          ];
          for (const [what, sm] of where) {
            const error = check(sm);
            if (!error) continue;
            out.push(
              finding(
                meta,
                `Rule ${label} of route ${info.namespace}/${info.route.name}: ${what} regex ${JSON.stringify(sm!.regex)} is not valid RE2 (${error}).`,
                [routeObject(info)],
                "Use RE2 syntax: no lookahead/lookbehind or backreferences; a prefix or exact match is often enough.",
              ),
            );
          }
        }
      });
    }
    return out;
  },
};
