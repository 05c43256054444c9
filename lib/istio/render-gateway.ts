import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { gatewaySelector } from "@/lib/topology";
import { type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";

/** Istio Gateway (networking.istio.io/v1) whose selector matches the gateway Deployment's pods. */
export function renderIstioGateway(ctx: RenderContext, gw: GatewaySpec): K8sObject {
  const servers = gw.listeners.map((l) => {
    const server: Record<string, unknown> = {
      port: { number: l.port, name: l.name, protocol: l.protocol },
      hosts: [...l.hosts],
    };
    if (l.tls) {
      const tls: Record<string, unknown> = { mode: l.tls.mode };
      if (l.tls.credentialName) tls.credentialName = l.tls.credentialName;
      server.tls = tls;
    } else if (l.httpsRedirect) {
      server.tls = { httpsRedirect: true };
    }
    return server;
  });
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: gatewayMeta(ctx, gw),
    spec: { selector: gatewaySelector(gw), servers },
  };
}
