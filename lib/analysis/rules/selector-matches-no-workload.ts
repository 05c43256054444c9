import { gatewayRefString, gatewaySelector } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC002",
  name: "GatewaySelectorMatchesNoWorkload",
  severity: "error",
  description: "A Gateway's selector matches no gateway workload in the cluster, so nothing serves it.",
};

export const selectorMatchesNoWorkload: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      const sel = gatewaySelector(gw);
      if (Object.keys(sel).length === 0) continue;
      for (const p of gw.placement) {
        if ((ctx.selected.get(`${p.cluster}|${gatewayRefString(gw)}`) ?? []).length > 0) continue;
        out.push(
          finding(
            meta,
            `Gateway ${gatewayRefString(gw)} selects ${JSON.stringify(sel)} but no gateway workload in cluster ${p.cluster} has these labels.`,
            [gatewayObject(gw, p.cluster)],
            "Make the selector equal to the gateway pods' labels (workloadLabels), e.g. {istio: <gateway name>}.",
          ),
        );
      }
    }
    return out;
  },
};
