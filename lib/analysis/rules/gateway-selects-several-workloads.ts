import { gatewayRefString, gatewaySelector } from "@/lib/topology";
import { gatewayObject, type AnalysisContext, type GatewayWorkload } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC032",
  name: "GatewaySelectsSeveralWorkloads",
  severity: "error",
  description:
    "A Gateway's selector matches the pods of two gateway Deployments (e.g. a new gateway reusing another's labels): its hosts are served by both.",
};

/**
 * Product gateways are Deployments of their own; several shared gateway models with the same pod
 * labels are Gateway objects on one pre-existing workload, so they count once.
 */
function deploymentKey(w: GatewayWorkload): string {
  return w.gateway.mode === "product"
    ? `product|${gatewayRefString(w.gateway)}`
    : `shared|${JSON.stringify(Object.entries(w.labels).sort())}`;
}

export const gatewaySelectsSeveralWorkloads: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      for (const p of gw.placement) {
        const hits = ctx.selected.get(`${p.cluster}|${gatewayRefString(gw)}`) ?? [];
        if (hits.length < 2) continue;
        const deployments = new Map<string, GatewayWorkload>();
        for (const w of hits) if (!deployments.has(deploymentKey(w))) deployments.set(deploymentKey(w), w);
        if (deployments.size < 2) continue;
        const others = [...deployments.values()].filter((w) => w.gateway !== gw).map((w) => w.gateway);
        out.push(
          finding(
            meta,
            `Gateway ${gatewayRefString(gw)} selects ${JSON.stringify(gatewaySelector(gw))}, which the pods of ${deployments.size} gateway deployments carry in cluster ${p.cluster} (${[...deployments.values()].map((w) => gatewayRefString(w.gateway)).join(", ")}): each of them serves its hosts.`,
            [gatewayObject(gw, p.cluster), ...others.map((o) => gatewayObject(o, p.cluster))],
            `Give each gateway labels of its own, e.g. selector {istio: ${gw.name}}.`,
          ),
        );
      }
    }
    return out;
  },
};
