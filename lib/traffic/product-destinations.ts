// Which `destination_service` values of Istio's metrics belong to a product. Istio's metrics carry
// no request host, so a shared gateway's requests are told apart by where they were routed.
import { type Topology } from "@/lib/topology/schema";

const fqdn = (name: string, namespace: string) => `${name}.${namespace}.svc.cluster.local`;

/**
 * The FQDNs of the product's Services and of every Service its routes send to, plus its public
 * hosts (the `destination_service` of calls through a ServiceEntry for a product gateway). Sorted.
 */
export function productDestinationServices(topology: Topology, productName: string): string[] {
  const product = topology.products.find((p) => p.name === productName);
  const out = new Set<string>(product?.hosts ?? []);
  for (const s of topology.services) if (s.product === productName) out.add(fqdn(s.name, s.namespace));
  for (const r of topology.routes) {
    if (r.product !== productName) continue;
    const routeNamespace = r.namespace ?? product?.namespaces[0] ?? "default";
    for (const rule of r.http)
      for (const d of rule.destinations) out.add(fqdn(d.service, d.namespace ?? routeNamespace));
  }
  return [...out].sort();
}
