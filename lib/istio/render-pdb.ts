import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { gatewayWorkloadLabels } from "@/lib/topology";
import { type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

export function renderPodDisruptionBudget(ctx: RenderContext, gw: GatewaySpec): K8sObject | undefined {
  if (!gw.disruptionBudget) return undefined;
  const spec: Record<string, unknown> = { selector: { matchLabels: gatewayWorkloadLabels(gw) } };
  if (gw.disruptionBudget.minAvailable !== undefined) spec.minAvailable = gw.disruptionBudget.minAvailable;
  if (gw.disruptionBudget.maxUnavailable !== undefined)
    spec.maxUnavailable = gw.disruptionBudget.maxUnavailable;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: gatewayMeta(ctx, gw),
    spec,
  };
}
