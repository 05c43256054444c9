import { gatewayRefString } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC019",
  name: "GatewayNotDiscoverable",
  severity: "warning",
  description:
    "A product gateway runs in several clusters but one placement has no address, so the other clusters cannot fail over to it.",
};

export const gatewayNotDiscoverable: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product" || gw.placement.length < 2) continue;
      for (const p of gw.placement) {
        if (p.address) continue;
        out.push(
          finding(
            meta,
            `Gateway ${gatewayRefString(gw)} in cluster ${p.cluster} has no address; its ServiceEntry in the other clusters leaves it out.`,
            [gatewayObject(gw, p.cluster)],
            "Set placement.address to the gateway's load balancer host name (or east-west gateway address).",
          ),
        );
      }
    }
    return out;
  },
};
