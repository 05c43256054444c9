import { bareHost } from "../hosts";
import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC033",
  name: "RouteHostOfAnotherProduct",
  severity: "error",
  description:
    "A route answers for a host that another product declares: its traffic would be taken from the product that owns it.",
};

export const routeHostOfAnotherProduct: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const owner = new Map<string, string>();
    for (const p of ctx.topology.products)
      for (const h of p.hosts)
        if (!owner.has(bareHost(h).toLowerCase())) owner.set(bareHost(h).toLowerCase(), p.name);
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      const claimedBy = owner.get(bareHost(info.route.host).toLowerCase());
      if (claimedBy === undefined || claimedBy === info.route.product) continue;
      out.push(
        finding(
          meta,
          `Route ${info.route.name} of product ${info.route.product} answers for ${info.route.host}, which product ${claimedBy} declares.`,
          [routeObject(info)],
          `Route a host of product ${info.route.product}, or ask the owners of ${claimedBy} to hand the host over.`,
        ),
      );
    }
    return out;
  },
};
