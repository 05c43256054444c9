import { gatewayRefString, gatewaySelector } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC003",
  name: "GatewayWithoutSelector",
  severity: "error",
  description:
    "A Gateway with an empty selector attaches to every gateway workload, including the wrong ones.",
};

export const gatewayWithoutSelector: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    return ctx.topology.gateways
      .filter((gw) => Object.keys(gatewaySelector(gw)).length === 0)
      .map((gw) =>
        finding(
          meta,
          `Gateway ${gatewayRefString(gw)} has an empty selector and would bind to whichever gateway pods match, e.g. the shared ingress.`,
          [gatewayObject(gw)],
          `Set selector to the labels of this gateway's own pods, e.g. {istio: ${gw.name}}.`,
        ),
      );
  },
};
