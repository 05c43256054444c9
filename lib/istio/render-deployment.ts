import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { gatewayWorkloadLabels } from "@/lib/topology";
import { type RenderContext } from "./context";
import { gatewayMeta, gatewayPodLabels } from "./gateway-source";

/**
 * Gateway Deployment using Istio gateway injection: the `gateway` injection template turns the
 * placeholder container (image `auto`) into a standalone Envoy at admission time, so the proxy
 * version always follows the control plane.
 */
export function renderDeployment(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  const placement = gw.placement.find((p) => p.cluster === ctx.cluster.name);
  const container: Record<string, unknown> = { name: "istio-proxy", image: "auto" };
  if (gw.resources) container.resources = gw.resources;
  const spec: Record<string, unknown> = {
    selector: { matchLabels: gatewayWorkloadLabels(gw) },
    template: {
      metadata: {
        annotations: { "inject.istio.io/templates": "gateway" },
        labels: { ...gatewayPodLabels(gw), "sidecar.istio.io/inject": "true" },
      },
      spec: {
        serviceAccountName: gw.name,
        // Lets the non-root proxy bind 80/443 without extra capabilities.
        securityContext: {
          sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
        },
        containers: [container],
      },
    },
  };
  // With an autoscaler the replica count belongs to it; setting it here would fight every apply.
  if (!gw.autoscaling) spec.replicas = placement?.replicas ?? gw.replicas;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: gatewayMeta(ctx, gw),
    spec,
  };
}
