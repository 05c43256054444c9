import type { K8sObject } from "@/lib/topology";
import { objectKey, selectorMatches } from "@/lib/topology";
import { invalidPortNameReason } from "./rules/service-port-name";
import { re2Error } from "./rules/invalid-regex";

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered objects are checked field by field */

/**
 * What the API server, istiod and a Gateway API implementation would refuse (or silently ignore)
 * in one cluster's rendered stream, beyond the published schemas (see `lib/istio/conformance.ts`):
 * repeated objects, port names, Gateway servers, RE2 regexes, cross-namespace references without
 * a ReferenceGrant, Gateway selectors, disruption budgets, and what `istioctl analyze` reports on
 * the stream alone: destinations without the port a multi-port Service needs (IST0112) or with
 * one it lacks (IST0101), DestinationRules for undeclared hosts (IST0174), ServiceEntries
 * disagreeing on a protocol (IST0177), selector policies on Gateway API pods (IST0166).
 * Returns one line per problem. The analyzer reports the model mistakes behind these; this is the
 * check of its output.
 */
export function checkRenderedObjects(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const deployments = objects.filter((o) => o.kind === "Deployment") as any[];
  const grants = objects.filter((o) => o.kind === "ReferenceGrant") as any[];
  const granted = (toNs: string, fromKind: string, fromNs: string, toKind: string) =>
    grants.some(
      (g) =>
        g.metadata.namespace === toNs &&
        g.spec.from.some((f: any) => f.kind === fromKind && f.namespace === fromNs) &&
        g.spec.to.some((t: any) => t.kind === toKind),
    );
  // Hosts and ports of what the stream declares: rendered Services and ServiceEntries.
  const servicePorts = new Map<string, number[]>();
  for (const o of objects as any[])
    if (o.kind === "Service")
      servicePorts.set(
        `${o.metadata.name}.${o.metadata.namespace}.svc.cluster.local`,
        (o.spec.ports ?? []).map((p: any) => p.port),
      );
  const entryHosts = new Set<string>();
  const entryProtocols = new Map<string, Map<string, string[]>>();
  for (const o of objects as any[]) {
    if (o.kind !== "ServiceEntry") continue;
    for (const h of o.spec.hosts ?? []) {
      entryHosts.add(h);
      for (const p of o.spec.ports ?? []) {
        const byProtocol = entryProtocols.get(`${h}:${p.number}`) ?? new Map<string, string[]>();
        byProtocol.set(p.protocol ?? "", [...(byProtocol.get(p.protocol ?? "") ?? []), objectKey(o)]);
        entryProtocols.set(`${h}:${p.number}`, byProtocol);
      }
    }
  }
  for (const [hostPort, byProtocol] of entryProtocols)
    if (byProtocol.size > 1)
      problems.push(
        `${hostPort}: ServiceEntries disagree on the protocol (${[...byProtocol.entries()].map(([p, keys]) => `${p} in ${keys.join(", ")}`).join("; ")})`,
      );
  // Pods of gateways Istio deploys for a Gateway API Gateway honour selector-based policies only
  // while istiod keeps ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY on; targetRefs always apply.
  const gatewayApiPods = deployments.filter(
    (d) => d.spec.template.metadata.labels?.["gateway.networking.k8s.io/gateway-name"] !== undefined,
  );
  const regex = (where: string, pattern: string | undefined) => {
    const error = pattern === undefined ? undefined : re2Error(pattern);
    if (error) problems.push(`${where}: regex ${JSON.stringify(pattern)} is not RE2 (${error})`);
  };

  for (const o of objects as any[]) {
    const key = objectKey(o);
    const ns = o.metadata.namespace;
    if (seen.has(key)) problems.push(`${key}: rendered twice`);
    seen.add(key);
    switch (`${o.apiVersion}/${o.kind}`) {
      case "v1/Service": {
        const names = new Set<string>();
        for (const p of o.spec.ports ?? []) {
          if (p.name === undefined) {
            if (o.spec.ports.length > 1) problems.push(`${key}: port ${p.port} has no name`);
            continue;
          }
          const reason = invalidPortNameReason(p.name);
          if (reason) problems.push(`${key}: ${reason}`);
          if (names.has(p.name)) problems.push(`${key}: port name ${p.name} used twice`);
          names.add(p.name);
        }
        break;
      }
      case "networking.istio.io/v1/Gateway": {
        const names = new Set<string>();
        for (const s of o.spec.servers) {
          if (names.has(s.port.name)) problems.push(`${key}: server port name ${s.port.name} used twice`);
          names.add(s.port.name);
          if ((s.port.protocol === "HTTPS" || s.port.protocol === "TLS") && !s.tls)
            problems.push(`${key}: ${s.port.protocol} server ${s.port.name} without tls`);
        }
        const pods = deployments.filter((d) =>
          selectorMatches(o.spec.selector, d.spec.template.metadata.labels),
        );
        if (pods.length > 1)
          problems.push(`${key}: selector matches the pods of ${pods.map((d) => objectKey(d)).join(", ")}`);
        break;
      }
      case "networking.istio.io/v1/VirtualService":
        for (const h of o.spec.http ?? []) {
          for (const m of h.match ?? []) {
            regex(`${key} uri`, m.uri?.regex);
            for (const [name, v] of Object.entries<any>(m.headers ?? {}))
              regex(`${key} header ${name}`, v.regex);
          }
          for (const r of h.route ?? []) {
            const ports = servicePorts.get(r.destination.host) ?? [];
            if (ports.length > 1 && r.destination.port === undefined)
              problems.push(
                `${key}: destination ${r.destination.host} has ports ${ports.join(", ")} and names none`,
              );
            else if (
              r.destination.port !== undefined &&
              ports.length &&
              !ports.includes(r.destination.port.number)
            )
              problems.push(
                `${key}: destination ${r.destination.host} has no port ${r.destination.port.number}`,
              );
          }
        }
        break;
      case "networking.istio.io/v1/DestinationRule":
        // Backend Services are not Portico's to render; any other host needs a ServiceEntry here.
        if (!o.spec.host.endsWith(".svc.cluster.local") && !entryHosts.has(o.spec.host))
          problems.push(`${key}: host ${o.spec.host} is no Service and no ServiceEntry declares it`);
        break;
      case "gateway.networking.k8s.io/v1/HTTPRoute":
        for (const r of o.spec.rules) {
          for (const m of r.matches ?? []) {
            if (m.path?.type === "RegularExpression") regex(`${key} path`, m.path.value);
            for (const h of m.headers ?? [])
              if (h.type === "RegularExpression") regex(`${key} header ${h.name}`, h.value);
          }
          for (const b of r.backendRefs ?? [])
            if (b.namespace && b.namespace !== ns && !granted(b.namespace, "HTTPRoute", ns, "Service"))
              problems.push(
                `${key}: backend ${b.namespace}/${b.name} without a ReferenceGrant in ${b.namespace}`,
              );
        }
        break;
      case "gateway.networking.k8s.io/v1/Gateway":
        for (const l of o.spec.listeners)
          for (const c of l.tls?.certificateRefs ?? [])
            if (c.namespace && c.namespace !== ns && !granted(c.namespace, "Gateway", ns, "Secret"))
              problems.push(
                `${key}: certificate ${c.namespace}/${c.name} without a ReferenceGrant in ${c.namespace}`,
              );
        break;
      case "policy/v1/PodDisruptionBudget": {
        if (typeof o.spec.minAvailable !== "number") break;
        const d = deployments.find(
          (x) =>
            x.metadata.namespace === ns &&
            selectorMatches(o.spec.selector.matchLabels, x.spec.template.metadata.labels),
        );
        const hpa = objects.find(
          (x: any) =>
            x.kind === "HorizontalPodAutoscaler" &&
            x.metadata.namespace === ns &&
            x.spec.scaleTargetRef.name === d?.metadata.name,
        ) as any;
        const replicas = hpa ? hpa.spec.minReplicas : d?.spec.replicas;
        if (replicas !== undefined && replicas > 0 && o.spec.minAvailable >= replicas)
          problems.push(
            `${key}: minAvailable ${o.spec.minAvailable} with ${replicas} replica(s) allows no eviction`,
          );
        break;
      }
      case "security.istio.io/v1/AuthorizationPolicy":
      case "security.istio.io/v1/RequestAuthentication":
        if (Object.keys(o.spec.selector?.matchLabels ?? {}).length === 0)
          problems.push(`${key}: empty selector applies to every workload of ${ns}`);
        for (const d of gatewayApiPods)
          if (
            d.metadata.namespace === ns &&
            selectorMatches(o.spec.selector?.matchLabels ?? {}, d.spec.template.metadata.labels)
          )
            problems.push(
              `${key}: selector on the pods of Gateway API gateway ${objectKey(d)}; use targetRefs`,
            );
        break;
    }
  }
  return problems;
}
