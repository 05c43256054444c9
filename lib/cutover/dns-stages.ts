// The next desired state of a DNS cutover: a product's hosts published with Route 53 weighted sets,
// one for the shared gateway's load balancer and one for the product gateway's, weighted by the
// stage's percentage. Pure: the caller reads the addresses and stores the revision.
import {
  dnsRecordType,
  parseTopology,
  type DnsHost,
  type DnsRecord,
  type Product,
  type ProductDns,
  type Topology,
} from "@/lib/topology";

/** A stage that cannot be built from this input; the message says what to change. */
export class DnsStageError extends Error {}

export const DEFAULT_DNS_STAGES = [10, 50, 100] as const;

/** Where clients are sent: a gateway (`namespace/name`) and the addresses its load balancer publishes. */
export interface PublishedGateway {
  gateway: string;
  /** IPv4 addresses, or one host name, over every cluster the gateway runs in. */
  addresses: string[];
}

export interface DnsStageInput {
  topology: Topology;
  product: string;
  /** The shared gateway that serves the hosts today, as observed now. */
  shared: PublishedGateway;
  /** The product's own gateway, as observed now. */
  own: PublishedGateway;
  /** Percentage of clients to send to the product gateway, or `return` (0 %). */
  target: number | "return";
  /** Where the DNSEndpoint lives the first time Portico publishes the product (ignored afterwards). */
  placement: { cluster: string; namespace: string; ttl?: number };
}

export interface DnsStagePlan {
  topology: Topology;
  /** Percentage at the product gateway before the stage; null when Portico did not publish the hosts. */
  from: number | null;
  to: number;
  /** `forward` sends more clients to the product gateway and is gated; `back` never is. */
  direction: "forward" | "back";
  hosts: string[];
  records: DnsRecord[];
}

/** The share (0–100, rounded) of one host's weight that goes to `gateway`; null when all weights are 0. */
export function hostPercent(host: DnsHost, gateway: string): number | null {
  const total = host.records.reduce((t, r) => t + r.weight, 0);
  if (total === 0) return null;
  const own = host.records.filter((r) => r.gateway === gateway).reduce((t, r) => t + r.weight, 0);
  return Math.round((own / total) * 100);
}

/**
 * The percentage at the product gateway as published: the highest over the product's hosts (a
 * stage forward is judged from the furthest any host has gone). Null when DNS is not Portico's.
 */
export function publishedPercent(product: Product, ownGateway: string): number | null {
  if (!product.dns) return null;
  const shares = product.dns.hosts.map((h) => hostPercent(h, ownGateway) ?? 0);
  return Math.max(0, ...shares);
}

/** The stage after `from` in `stages`: the first one above it. */
export function nextStage(from: number | null, stages: readonly number[]): number | undefined {
  return stages.find((s) => s > (from ?? 0));
}

function describeStages(stages: readonly number[]): string {
  return `${stages.map((s) => `${s} %`).join(" → ")}`;
}

function checkTarget(target: number, from: number | null, stages: readonly number[], product: string): void {
  if (target === 0) return;
  if (!stages.includes(target))
    throw new DnsStageError(
      `${target} % is not a stage of ${product} (${describeStages(stages)}); ask for one of them, "return" for 0 %, or change products[].dns.stages.`,
    );
  const next = nextStage(from, stages);
  if (target > (from ?? 0) && target !== next)
    throw new DnsStageError(
      `${product} is at ${from ?? 0} % and the next stage is ${next} % (${describeStages(stages)}); stages are not skipped.`,
    );
}

function checkAddresses(side: PublishedGateway, role: string): "A" | "CNAME" {
  if (side.addresses.length === 0)
    throw new DnsStageError(
      `The ${role} gateway ${side.gateway} has no load-balancer address in any registered cluster; wait for its Service to get one.`,
    );
  const type = dnsRecordType(side.addresses);
  if (!type)
    throw new DnsStageError(
      `The ${role} gateway ${side.gateway} publishes ${side.addresses.join(", ")}: neither IPv4 addresses nor one host name, so no weighted record can point at it.`,
    );
  return type;
}

/** The record of `side` in an existing host, by gateway, so its set identifier is kept. */
function existing(host: DnsHost | undefined, gateway: string): DnsRecord | undefined {
  return host?.records.find((r) => r.gateway === gateway);
}

/**
 * Builds the topology of the next stage: every published host (or, the first time, every host of
 * the product) gets two weighted sets, the shared gateway's at 100 − n and the product gateway's at
 * n, with the addresses observed now. Refuses skipped stages, unknown percentages, hosts with sets
 * of other gateways, and load balancers whose addresses cannot share one record type.
 */
export function planDnsStage(input: DnsStageInput): DnsStagePlan {
  const { topology, product: name, shared, own } = input;
  const product = topology.products.find((p) => p.name === name);
  if (!product) throw new DnsStageError(`The topology has no product "${name}".`);
  const to = input.target === "return" ? 0 : input.target;
  if (!Number.isInteger(to) || to < 0 || to > 100)
    throw new DnsStageError(`percent must be a whole number from 0 to 100, or "return"; got ${String(to)}.`);
  const stages = product.dns?.stages ?? [...DEFAULT_DNS_STAGES];
  const from = publishedPercent(product, own.gateway);
  checkTarget(to, from, stages, name);

  const sharedType = checkAddresses(shared, "shared");
  const ownType = checkAddresses(own, "product");
  if (sharedType !== ownType)
    throw new DnsStageError(
      `The shared gateway's load balancer publishes ${sharedType === "A" ? "addresses" : "a host name"} and the product gateway's ${ownType === "A" ? "addresses" : "a host name"}; DNS serves one record type per name, so both must publish the same kind.`,
    );

  const hostNames = product.dns ? product.dns.hosts.map((h) => h.host) : product.hosts;
  if (hostNames.length === 0)
    throw new DnsStageError(`Product ${name} has no hosts to publish; add them to products[].hosts.`);
  const ownId = own.gateway.split("/")[1]!;
  const hosts: DnsHost[] = hostNames.map((hostName) => {
    const before = product.dns?.hosts.find((h) => h.host === hostName);
    const foreign = before?.records.filter((r) => r.gateway !== shared.gateway && r.gateway !== own.gateway);
    if (foreign?.length)
      throw new DnsStageError(
        `${hostName} has weighted sets Portico does not move (${foreign.map((r) => r.setIdentifier).join(", ")}: not the shared gateway ${shared.gateway} nor the product gateway ${own.gateway}); remove them from products[].dns first.`,
      );
    const records: DnsRecord[] = [
      {
        setIdentifier: existing(before, shared.gateway)?.setIdentifier ?? "shared",
        gateway: shared.gateway,
        targets: [...shared.addresses],
        weight: 100 - to,
      },
      {
        setIdentifier:
          existing(before, own.gateway)?.setIdentifier ?? (ownId === "shared" ? "product" : ownId),
        gateway: own.gateway,
        targets: [...own.addresses],
        weight: to,
      },
    ];
    return { host: hostName, records };
  });

  const dns: ProductDns = product.dns
    ? { ...product.dns, hosts }
    : {
        cluster: input.placement.cluster,
        namespace: input.placement.namespace,
        ttl: input.placement.ttl ?? 60,
        stages,
        hosts,
      };
  if (from === to && JSON.stringify(dns) === JSON.stringify(product.dns))
    throw new DnsStageError(
      `${name} is already published at ${to} % to ${own.gateway} with these addresses; nothing to change.`,
    );
  const next: Topology = {
    ...topology,
    products: topology.products.map((p) => (p.name === name ? { ...p, dns } : p)),
  };
  // The stage is a document like any other: it must validate before anyone is asked to store it.
  const parsed = parseTopology(next);
  if (!parsed.ok)
    throw new DnsStageError(
      `The stage would not be a valid topology: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    );
  return {
    topology: parsed.topology,
    from,
    to,
    // Holding a stage with new addresses still sends clients somewhere new: gated like a step forward.
    direction: to === 0 || to < (from ?? 0) ? "back" : "forward",
    hosts: hostNames,
    records: hosts[0]!.records,
  };
}
