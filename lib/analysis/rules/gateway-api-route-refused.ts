import {
  PRECEDENCE_CHANGES_ROUTING,
  SUBSET_NOT_RENDERABLE,
  planHttpRoute,
} from "@/lib/gateway-api/route-refusals";
import type { RouteRefusal } from "@/lib/gateway-api/route-refusals";
import type { AnalysisContext, RouteInfo } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

/**
 * What the `gateway-api` format refuses to render (it would route differently from the Istio
 * output). Warnings: the Istio output, the default, is unaffected; `render --format gateway-api`
 * treats them as errors.
 */

export const subsetMeta: RuleMeta = {
  code: SUBSET_NOT_RENDERABLE,
  name: "GatewayApiSubsetNotRenderable",
  severity: "warning",
  description:
    "Gateway API output: a destination subset cannot get a Service of its own (service selector undeclared, unknown subset, clashing labels or name), so the route is not rendered as an HTTPRoute.",
};

export const precedenceMeta: RuleMeta = {
  code: PRECEDENCE_CHANGES_ROUTING,
  name: "GatewayApiPrecedenceChangesRouting",
  severity: "warning",
  description:
    "Gateway API output: Gateway API's match precedence would send some requests to another rule than Istio's first match, whatever the rule order, so the route is not rendered as an HTTPRoute.",
};

// Both rules read the same plans: computed once per analysis, for the routes with an HTTPRoute.
const plans = new WeakMap<AnalysisContext, Array<{ info: RouteInfo; refusals: RouteRefusal[] }>>();

function planned(ctx: AnalysisContext) {
  let list = plans.get(ctx);
  if (!list) {
    list = ctx.routes
      .filter((info) => info.binding.gateways.some((g) => g.mode === "product"))
      .map((info) => ({ info, refusals: planHttpRoute(info.route, ctx.index).refusals }));
    plans.set(ctx, list);
  }
  return list;
}

function refusals(ctx: AnalysisContext, code: string, meta: RuleMeta): Finding[] {
  const out: Finding[] = [];
  for (const { info, refusals } of planned(ctx)) {
    for (const r of refusals) {
      if (r.code !== code) continue;
      out.push(
        finding(
          meta,
          r.message,
          [
            {
              kind: "HTTPRoute",
              namespace: info.namespace,
              name: info.route.name,
              product: info.route.product,
            },
          ],
          r.hint,
        ),
      );
    }
  }
  return out;
}

export const gatewayApiSubsetNotRenderable: Rule = {
  meta: subsetMeta,
  run: (ctx) => refusals(ctx, SUBSET_NOT_RENDERABLE, subsetMeta),
};

export const gatewayApiPrecedenceChangesRouting: Rule = {
  meta: precedenceMeta,
  run: (ctx) => refusals(ctx, PRECEDENCE_CHANGES_ROUTING, precedenceMeta),
};
