import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

export function renderHorizontalPodAutoscaler(ctx: RenderContext, gw: GatewaySpec): K8sObject | undefined {
  if (!gw.autoscaling) return undefined;
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: gatewayMeta(ctx, gw),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: gw.name },
      minReplicas: gw.autoscaling.minReplicas,
      maxReplicas: gw.autoscaling.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: {
              type: "Utilization",
              averageUtilization: gw.autoscaling.targetCPUUtilizationPercentage,
            },
          },
        },
      ],
    },
  };
}
