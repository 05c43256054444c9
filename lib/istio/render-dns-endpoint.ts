import { dnsEndpointName, dnsRecordType, type K8sObject, type Product } from "@/lib/topology";
import { meta, type RenderContext } from "./context";

export const DNS_ENDPOINT_API_VERSION = "externaldns.k8s.io/v1alpha1";

/**
 * The external-dns DNSEndpoint (CRD source) that publishes a product's hosts with Route 53 weighted
 * records: one endpoint per weighted set, its weight in `providerSpecific` `aws/weight` as
 * external-dns's AWS provider reads it. Rendered only in the cluster named by `dns.cluster`, since
 * one external-dns owns the zone; other clusters get nothing.
 */
export function renderDnsEndpoint(ctx: RenderContext, product: Product): K8sObject | undefined {
  const dns = product.dns;
  if (!dns || dns.cluster !== ctx.cluster.name) return undefined;
  return {
    apiVersion: DNS_ENDPOINT_API_VERSION,
    kind: "DNSEndpoint",
    metadata: meta(ctx, {
      name: dnsEndpointName(product),
      namespace: dns.namespace,
      product: product.name,
      source: `product/${product.name}/dns`,
    }),
    spec: {
      endpoints: dns.hosts.flatMap((h) =>
        h.records.map((r) => ({
          dnsName: h.host,
          recordType: dnsRecordType(r.targets) ?? "A",
          recordTTL: dns.ttl,
          targets: [...r.targets],
          setIdentifier: r.setIdentifier,
          providerSpecific: [{ name: "aws/weight", value: String(r.weight) }],
        })),
      ),
    },
  };
}
