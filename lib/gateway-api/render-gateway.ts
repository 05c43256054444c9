import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { gatewaySelector, gatewayWorkloadLabels, serviceHost } from "@/lib/topology";
import { k8sName, meta, type RenderContext } from "@/lib/istio/context";
import { gatewayMeta, gatewaySource } from "@/lib/istio/gateway-source";
import type { NotExpressibleNote } from "./note";

/**
 * Gateway API Gateway for a Portico-deployed gateway. The `addresses` entry naming the gateway
 * Service is Istio's "manual deployment" mode, so the Deployment Portico renders is used instead
 * of one Istio would generate.
 */
export function renderGatewayApiGateway(
  ctx: RenderContext,
  gw: GatewaySpec,
  notes: NotExpressibleNote[],
): K8sObject {
  const source = gatewaySource(gw);
  const note = (message: string) => notes.push({ cluster: ctx.cluster.name, source, message });
  const sel = gatewaySelector(gw);
  const pods = gatewayWorkloadLabels(gw);
  if (JSON.stringify(Object.entries(sel).sort()) !== JSON.stringify(Object.entries(pods).sort())) {
    note("Gateway API has no workload selector; the Gateway binds to its Service, not to the selector");
  }
  const listeners: Record<string, unknown>[] = [];
  for (const l of gw.listeners) {
    if (l.httpsRedirect)
      note(
        `listener ${l.name}: httpsRedirect needs an HTTPRoute with a RequestRedirect filter on this listener; not rendered`,
      );
    let protocol: string = l.protocol;
    if (l.protocol === "HTTP2" || l.protocol === "GRPC") {
      protocol = l.tls ? "HTTPS" : "HTTP";
      note(`listener ${l.name}: protocol ${l.protocol} rendered as ${protocol}`);
    }
    let tls: Record<string, unknown> | undefined;
    if (l.tls) {
      if (l.tls.mode === "PASSTHROUGH") {
        protocol = "TLS";
        tls = { mode: "Passthrough" };
      } else {
        if (l.tls.mode !== "SIMPLE") {
          note(`listener ${l.name}: TLS mode ${l.tls.mode} not expressible; rendered as Terminate`);
        }
        const secret = l.tls.credentialName ?? "";
        const slash = secret.indexOf("/");
        const ref: Record<string, unknown> = { kind: "Secret", group: "" };
        if (slash >= 0) {
          ref.namespace = secret.slice(0, slash);
          ref.name = secret.slice(slash + 1);
        } else ref.name = secret;
        tls = { mode: "Terminate", certificateRefs: [ref] };
      }
    }
    l.hosts.forEach((host, i) => {
      const listener: Record<string, unknown> = {
        name: l.hosts.length > 1 ? k8sName(l.name, String(i)) : l.name,
        port: l.port,
        protocol,
        allowedRoutes: { namespaces: { from: "All" } },
      };
      if (host !== "*") listener.hostname = host;
      if (tls) listener.tls = tls;
      listeners.push(listener);
    });
  }
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: gatewayMeta(ctx, gw),
    spec: {
      gatewayClassName: "istio",
      addresses: [{ type: "Hostname", value: serviceHost(gw.name, gw.namespace) }],
      listeners,
    },
  };
}

/**
 * A listener whose certificate lives in another namespace needs that namespace's consent: one
 * ReferenceGrant per secret namespace, letting Gateways of the gateway's namespace read Secrets.
 */
export function renderCertificateGrants(ctx: RenderContext, gw: GatewaySpec): K8sObject[] {
  const namespaces = new Set<string>();
  for (const l of gw.listeners) {
    const secret = l.tls?.mode === "PASSTHROUGH" ? undefined : l.tls?.credentialName;
    const slash = secret?.indexOf("/") ?? -1;
    if (secret && slash > 0 && secret.slice(0, slash) !== gw.namespace)
      namespaces.add(secret.slice(0, slash));
  }
  return [...namespaces].sort().map((ns) => ({
    apiVersion: "gateway.networking.k8s.io/v1beta1",
    kind: "ReferenceGrant",
    metadata: meta(ctx, {
      name: k8sName("portico-gateways-from", gw.namespace),
      namespace: ns,
      product: gw.product,
      source: gatewaySource(gw),
    }),
    spec: {
      from: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: gw.namespace }],
      to: [{ group: "", kind: "Secret" }],
    },
  }));
}
