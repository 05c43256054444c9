import type { K8sObject, TopologyIndex } from "@/lib/topology";
import { serviceKey } from "@/lib/topology";
import { k8sName, meta, type RenderContext } from "@/lib/istio/context";

/**
 * Gateway API has no DestinationRule subsets: a weighted destination to a subset becomes a
 * backendRef to a Service of its own, `<service>-<subset>`, selecting the Service's pods that carry
 * the subset's labels. That needs the Service's own selector in the model (`services[].selector`).
 */

export type SubsetBackend =
  | {
      ok: true;
      /** Name of the Service per subset, in the service's namespace. */
      name: string;
      namespace: string;
      selector: Record<string, string>;
      ports: Array<{ name?: string; port: number; targetPort: number }>;
      product: string;
      subset: string;
      service: string;
    }
  | { ok: false; why: string; hint: string };

export function subsetBackend(
  index: TopologyIndex,
  namespace: string,
  service: string,
  subset: string,
): SubsetBackend {
  const key = serviceKey(namespace, service);
  const svc = index.services.get(key);
  if (!svc)
    return {
      ok: false,
      why: `service ${key} is not in the topology, so its pods are unknown`,
      hint: `declare service ${key} with its selector and subset ${subset}`,
    };
  const s = svc.subsets.find((x) => x.name === subset);
  if (!s)
    return {
      ok: false,
      why: `service ${key} declares no subset ${subset}`,
      hint: `add subset ${subset} with its pod labels to service ${key}`,
    };
  if (!svc.selector || Object.keys(svc.selector).length === 0)
    return {
      ok: false,
      why: `service ${key} declares no selector, so a Service for subset ${subset} cannot select its pods`,
      hint: `add the Service's pod selector to service ${key} (selector: {app: ${service}}, as its Service has)`,
    };
  const clash = Object.entries(s.labels).find(
    ([k, v]) => svc.selector![k] !== undefined && svc.selector![k] !== v,
  );
  if (clash)
    return {
      ok: false,
      why: `subset ${subset} of ${key} needs ${clash[0]}=${clash[1]} but the service selects ${clash[0]}=${svc.selector[clash[0]]}: no pod has both`,
      hint: `fix the labels of subset ${subset} or the selector of service ${key}`,
    };
  const name = k8sName(service, subset);
  const taken = index.services.get(serviceKey(namespace, name));
  if (taken)
    return {
      ok: false,
      why: `the Service for subset ${subset} of ${key} would be named ${name}, which service ${serviceKey(namespace, name)} already is`,
      hint: `rename subset ${subset} or service ${serviceKey(namespace, name)}`,
    };
  return {
    ok: true,
    name,
    namespace,
    selector: { ...svc.selector, ...s.labels },
    ports: svc.ports.map((p) => ({
      ...(p.name !== undefined ? { name: p.name } : {}),
      port: p.port,
      targetPort: p.targetPort ?? p.port,
    })),
    product: svc.product,
    subset,
    service,
  };
}

/** Label on a Service rendered for a subset (several routes may need the same one). */
export const SUBSET_LABEL = "portico.dev/subset";

export function renderSubsetService(ctx: RenderContext, b: Extract<SubsetBackend, { ok: true }>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(ctx, {
      name: b.name,
      namespace: b.namespace,
      product: b.product,
      source: `service/${b.namespace}/${b.service}/subset/${b.subset}`,
      labels: { [SUBSET_LABEL]: b.subset },
    }),
    spec: {
      type: "ClusterIP",
      selector: b.selector,
      ports: b.ports.map((p) => ({ ...p, protocol: "TCP" })),
    },
  };
}
