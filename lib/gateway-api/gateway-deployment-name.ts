// Which Deployment carries a Gateway API Gateway of an Istio class, and so which `source_workload`
// its requests carry in Istio's metrics. Istio's deployment controller provisions a Deployment and
// Service `<gateway>-<class>` for a Gateway without a Hostname address (automated deployment); a
// Gateway whose one address is a Hostname is bound to that Service and whatever Deployment backs it
// (manual deployment), which for what Portico renders is its own Deployment of the same name.
import type { K8sObject } from "@/lib/topology";

interface GatewaySpecFields {
  gatewayClassName?: string;
  addresses?: { type?: string; value?: string }[];
}

const specOf = (gateway: K8sObject) => (gateway.spec ?? {}) as GatewaySpecFields;

/** True when Istio provisions the Gateway's Deployment itself (no Hostname address). */
export function isAutomatedGatewayDeployment(gateway: K8sObject): boolean {
  const addresses = specOf(gateway).addresses ?? [];
  if (addresses.length === 0) return true;
  if (addresses.length > 1) return false;
  const type = addresses[0]?.type;
  return type === undefined || type === "IPAddress";
}

/**
 * The Deployment name behind a Gateway of an Istio class: `gateway.istio.io/name-override`, else
 * `<name>-<class>` when Istio provisions it; else the Service its Hostname address names
 * (`name.namespace.svc.cluster.local`, `name.namespace` or `name`).
 */
export function istioGatewayDeploymentName(gateway: K8sObject): string {
  if (isAutomatedGatewayDeployment(gateway))
    return (
      gateway.metadata.annotations?.["gateway.istio.io/name-override"] ??
      `${gateway.metadata.name}-${specOf(gateway).gatewayClassName ?? "istio"}`
    );
  // Note: more than one address is not a manual deployment Istio understands; the first one wins.
  const host = specOf(gateway).addresses?.[0]?.value ?? "";
  return host.split(".")[0] || gateway.metadata.name;
}
