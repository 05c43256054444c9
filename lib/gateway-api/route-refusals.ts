import type { Route, TopologyIndex } from "@/lib/topology";
import { destinationNamespace, routeNamespace } from "@/lib/topology";
import { gatewayApiRuleOrder, type RuleOrder } from "./rule-order";
import { subsetBackend } from "./subset-service";

/** Analyzer codes of what makes the Gateway API rendering of a route refuse it. */
export const SUBSET_NOT_RENDERABLE = "PTC043";
export const PRECEDENCE_CHANGES_ROUTING = "PTC044";

export interface RouteRefusal {
  code: typeof SUBSET_NOT_RENDERABLE | typeof PRECEDENCE_CHANGES_ROUTING;
  message: string;
  hint: string;
}

export interface HttpRoutePlan {
  refusals: RouteRefusal[];
  /** How the HTTPRoute lists the rules (when not refused). */
  order: RuleOrder;
}

function label(route: Route, i: number | undefined): string {
  if (i === undefined) return "no rule (404)";
  const name = route.http[i]?.name;
  return name ? `rule "${name}"` : `rule #${i}`;
}

/** Whether (and how) a route can become an HTTPRoute that routes every request as Istio does. */
export function planHttpRoute(route: Route, index: TopologyIndex): HttpRoutePlan {
  const refusals: RouteRefusal[] = [];
  const id = `${routeNamespace(route, index)}/${route.name}`;
  route.http.forEach((rule, i) => {
    for (const d of rule.destinations) {
      if (!d.subset) continue;
      const b = subsetBackend(index, destinationNamespace(d, route, index), d.service, d.subset);
      if (!b.ok)
        refusals.push({
          code: SUBSET_NOT_RENDERABLE,
          message: `${label(route, i)} of route ${id} sends traffic to subset ${d.subset} of ${d.service}, which Gateway API can only reach through a Service of its own: ${b.why}`,
          hint: b.hint,
        });
    }
  });
  const order = gatewayApiRuleOrder(route);
  if (order.kind === "differs")
    refusals.push({
      code: PRECEDENCE_CHANGES_ROUTING,
      message: `route ${id}: for ${order.call}, Istio takes ${label(route, order.istio)} (first match) but Gateway API's precedence (exact path > longest prefix > method > most headers) takes ${label(route, order.gatewayApi)}, and no order of the HTTPRoute's rules changes that`,
      hint: "make the rule Istio picks at least as specific as the other for Gateway API (a longer path prefix, an exact path, a method or more header matches), or keep this route in the istio format",
    });
  else if (order.kind === "undecided")
    refusals.push({
      code: PRECEDENCE_CHANGES_ROUTING,
      message: `route ${id}: whether Gateway API's precedence routes it as Istio's first match does cannot be decided: ${order.why}`,
      hint: "use prefix or exact matches, or regexes without lookarounds, backreferences or inner anchors",
    });
  return { refusals, order };
}
