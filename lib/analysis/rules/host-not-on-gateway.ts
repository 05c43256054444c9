import { gatewayRefString } from "@/lib/topology";
import { hostMatches } from "../hosts";
import { gatewayObject, routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC007",
  name: "VirtualServiceHostNotOnGateway",
  severity: "error",
  description: "A route's host is not exposed by a gateway it is bound to, so the gateway ignores it (404).",
};

export const hostNotOnGateway: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      for (const gw of info.binding.gateways) {
        if (gw.listeners.some((l) => l.hosts.some((h) => hostMatches(h, info.route.host)))) continue;
        out.push(
          finding(
            meta,
            `Route ${info.namespace}/${info.route.name} serves ${info.route.host} on gateway ${gatewayRefString(gw)}, which does not expose that host.`,
            [routeObject(info), gatewayObject(gw)],
            `Add ${info.route.host} to a listener of ${gatewayRefString(gw)} or bind the route to the gateway that serves it.`,
          ),
        );
      }
    }
    return out;
  },
};
