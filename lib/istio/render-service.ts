import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { gatewayWorkloadLabels } from "@/lib/topology";
import { type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

/** Istio's readiness port, probed by cloud load balancers. */
const STATUS_PORT = { name: "status-port", port: 15021, protocol: "TCP", targetPort: 15021 };

/**
 * Ports of a product gateway's Service: the status port, then one per listener port (first name
 * wins; a listener on the status port gets none, as a port number may appear only once).
 */
export function gatewayServicePorts(
  gw: Pick<GatewaySpec, "listeners" | "servicePorts">,
): Array<{ name: string; port: number; protocol: string; targetPort: number }> {
  const byPort = new Map<number, { name: string; port: number; protocol: string; targetPort: number }>([
    [STATUS_PORT.port, STATUS_PORT],
  ]);
  for (const l of gw.listeners) {
    if (gw.servicePorts && !gw.servicePorts.includes(l.port)) continue;
    if (!byPort.has(l.port))
      byPort.set(l.port, { name: l.name, port: l.port, protocol: "TCP", targetPort: l.port });
  }
  for (const port of gw.servicePorts ?? []) {
    if (!byPort.has(port)) byPort.set(port, { name: `tcp-${port}`, port, protocol: "TCP", targetPort: port });
  }
  const [status, ...rest] = byPort.values();
  return [status!, ...rest.sort((a, b) => a.port - b.port)];
}

export function renderService(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  const ports = gatewayServicePorts(gw);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: gatewayMeta(ctx, gw),
    spec: { type: gw.serviceType, selector: gatewayWorkloadLabels(gw), ports },
  };
}
