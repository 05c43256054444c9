// What DNS says about a product: the weights Portico publishes (from the newest topology) and what
// the configured resolver answers right now, sampled several times so weighted answers show their
// spread. The published side is desired state; the observed side is a fact.
import { gatewayRefString, type Topology } from "@/lib/topology";
import { dnsEndpointName } from "@/lib/topology";
import { hostPercent } from "./dns-stages";
import { observeHost, parseResolver, type HostObservation } from "./resolve-host";

export interface ObservedHost extends HostObservation {
  /** Per answer, the published sets whose targets it is. */
  answers: Array<
    HostObservation["answers"][number] & { sets: Array<{ setIdentifier: string; gateway?: string }> }
  >;
  /** Share of answered queries that sent clients to the product gateway; null when unknown. */
  percentToProduct: number | null;
}

export async function describeDns(input: {
  topology: Topology;
  product: string;
  samples: number;
  /** PORTICO_DNS_RESOLVER; read at call time by the caller. */
  resolver: string | undefined;
}) {
  const { topology, product: name } = input;
  const product = topology.products.find((p) => p.name === name)!;
  const ownGw = topology.gateways.find((g) => g.mode === "product" && g.product === name);
  const own = ownGw ? gatewayRefString(ownGw) : undefined;
  const dns = product.dns;
  const published = dns
    ? {
        managed: true as const,
        object: {
          cluster: dns.cluster,
          namespace: dns.namespace,
          name: dnsEndpointName(product),
          kind: "DNSEndpoint",
        },
        ttl: dns.ttl,
        stages: dns.stages,
        hosts: dns.hosts.map((h) => ({
          host: h.host,
          percentToProduct: own ? hostPercent(h, own) : null,
          records: h.records,
        })),
      }
    : {
        managed: false as const,
        why: "Portico does not publish this product's hosts (no products[].dns); only what DNS answers is shown.",
      };

  const hosts = dns ? dns.hosts.map((h) => h.host) : product.hosts;
  const notes: string[] = [];
  let observed:
    { configured: true; resolver: string; hosts: ObservedHost[] } | { configured: false; why: string };
  if (!input.resolver) {
    observed = {
      configured: false,
      why: "No resolver is configured: set PORTICO_DNS_RESOLVER=host:port to see what DNS answers.",
    };
  } else {
    let resolver;
    try {
      resolver = parseResolver(input.resolver);
    } catch (err) {
      return {
        product: name,
        productGateway: own ?? null,
        published,
        observed: { configured: false as const, why: (err as Error).message },
        notes,
      };
    }
    const out: ObservedHost[] = [];
    for (const host of hosts) {
      if (host.startsWith("*")) {
        notes.push(`${host}: a wildcard has no single name to resolve; not queried`);
        continue;
      }
      const seen = await observeHost(resolver, host, input.samples);
      const records = dns?.hosts.find((h) => h.host === host)?.records ?? [];
      const answers = seen.answers.map((a) => ({
        ...a,
        sets: records
          .filter(
            (r) =>
              r.targets.length > 0 &&
              r.targets.every((t) => a.answer.includes(t) || a.answer.includes(`CNAME ${t}`)),
          )
          .map((r) => ({ setIdentifier: r.setIdentifier, ...(r.gateway ? { gateway: r.gateway } : {}) })),
      }));
      const answered = answers.reduce((t, a) => t + a.count, 0);
      const toOwn = answers
        .filter((a) => a.sets.some((s) => s.gateway === own))
        .reduce((t, a) => t + a.count, 0);
      out.push({
        ...seen,
        answers,
        percentToProduct: answered > 0 && records.length > 0 ? Math.round((toOwn / answered) * 100) : null,
      });
    }
    observed = { configured: true, resolver: `${resolver.host}:${resolver.port}`, hosts: out };
  }
  return { product: name, productGateway: own ?? null, published, observed, notes };
}
