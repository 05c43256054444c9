import { gatewayRefString, gatewaySelector } from "@/lib/topology";
import { bareHost } from "../hosts";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC017",
  name: "CutoverSelectorClash",
  severity: "error",
  description:
    "During cutover the shared and the product gateway serve a host on the same workload; legal only when their selectors differ.",
};

export const cutoverSelectorClash: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const [cluster, gateways] of ctx.gatewaysByCluster) {
      // host -> shared gateways serving it in this cluster
      const sharedByHost = new Map<string, typeof gateways>();
      for (const gw of gateways) {
        if (gw.mode !== "shared") continue;
        for (const l of gw.listeners)
          for (const h of l.hosts)
            sharedByHost.set(bareHost(h), [...(sharedByHost.get(bareHost(h)) ?? []), gw]);
      }
      const reported = new Set<string>();
      for (const gw of gateways) {
        if (gw.mode !== "product") continue;
        // Only a host a shared gateway serves too needs the workloads compared (most have none).
        if (!gw.listeners.some((l) => l.hosts.some((h) => sharedByHost.has(bareHost(h))))) continue;
        const mine = new Set(
          (ctx.selected.get(`${cluster}|${gatewayRefString(gw)}`) ?? []).map((w) =>
            gatewayRefString(w.gateway),
          ),
        );
        const sel = JSON.stringify(Object.entries(gatewaySelector(gw)).sort());
        for (const l of gw.listeners) {
          for (const h of l.hosts) {
            for (const shared of sharedByHost.get(bareHost(h)) ?? []) {
              const theirs = (ctx.selected.get(`${cluster}|${gatewayRefString(shared)}`) ?? []).map((w) =>
                gatewayRefString(w.gateway),
              );
              const sameSelector = sel === JSON.stringify(Object.entries(gatewaySelector(shared)).sort());
              if (!sameSelector && !theirs.some((t) => mine.has(t))) continue;
              const key = `${gatewayRefString(gw)}|${gatewayRefString(shared)}|${bareHost(h)}`;
              if (reported.has(key)) continue;
              reported.add(key);
              out.push(
                finding(
                  meta,
                  `Host ${bareHost(h)} is served by shared gateway ${gatewayRefString(shared)} and product gateway ${gatewayRefString(gw)} in cluster ${cluster} on the same workload: the product gateway is not a separate deployment, so the cutover changes nothing and one of them is dropped.`,
                  [gatewayObject(shared, cluster), gatewayObject(gw, cluster)],
                  `Give ${gatewayRefString(gw)} its own selector (e.g. {istio: ${gw.name}}) so both gateways serve until DNS/the load balancer is switched.`,
                ),
              );
            }
          }
        }
      }
    }
    return out;
  },
};
