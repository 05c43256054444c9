import { gatewayRefString } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC029",
  name: "DisruptionBudgetBlocksEviction",
  severity: "error",
  description:
    "A PodDisruptionBudget that allows no eviction (minAvailable ≥ replicas, maxUnavailable 0) blocks node drains and cluster upgrades; a malformed one is refused.",
};

const PERCENT = /^([0-9]+)%$/;

/** Pods the budget keeps, per Kubernetes' rounding (percentages round up), or an error text. */
function evictable(
  budget: { minAvailable?: number | string; maxUnavailable?: number | string },
  replicas: number,
) {
  const scaled = (v: number | string): number | string => {
    if (typeof v === "number") return v;
    const m = PERCENT.exec(v);
    if (!m) return `"${v}" is neither a number nor a percentage such as "50%"`;
    return Math.ceil((Number(m[1]) * replicas) / 100);
  };
  if (budget.minAvailable !== undefined) {
    const min = scaled(budget.minAvailable);
    return typeof min === "string" ? min : replicas - min;
  }
  const max = scaled(budget.maxUnavailable ?? 0);
  return typeof max === "string" ? max : Math.min(max, replicas);
}

export const disruptionBudgetBlocksEviction: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product" || !gw.disruptionBudget) continue;
      const budget = gw.disruptionBudget;
      for (const p of gw.placement) {
        // With an autoscaler the gateway can shrink to minReplicas; that is when drains must work.
        const replicas = gw.autoscaling ? gw.autoscaling.minReplicas : (p.replicas ?? gw.replicas);
        const allowed = evictable(budget, replicas);
        if (typeof allowed === "string") {
          out.push(
            finding(
              meta,
              `Disruption budget of ${gatewayRefString(gw)}: ${allowed}; the API server refuses the PodDisruptionBudget.`,
              [gatewayObject(gw, p.cluster)],
              'Use an integer or a percentage such as "50%".',
            ),
          );
          break;
        }
        if (replicas === 0 || allowed > 0) continue;
        const setting =
          budget.minAvailable !== undefined
            ? `minAvailable ${budget.minAvailable}`
            : `maxUnavailable ${budget.maxUnavailable}`;
        out.push(
          finding(
            meta,
            `Disruption budget of ${gatewayRefString(gw)} (${setting}) with ${replicas} replica(s) in cluster ${p.cluster} allows no eviction: node drains and upgrades hang.`,
            [
              gatewayObject(gw, p.cluster),
              {
                cluster: p.cluster,
                kind: "PodDisruptionBudget",
                namespace: gw.namespace,
                name: gw.name,
                product: gw.product,
              },
            ],
            `Keep minAvailable below the replica count (e.g. ${Math.max(replicas - 1, 0)}) or raise replicas${gw.autoscaling ? " (autoscaling.minReplicas)" : ""}.`,
          ),
        );
      }
    }
    return out;
  },
};
