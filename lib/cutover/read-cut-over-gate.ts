// Reads the facts the cut-over gate judges: what DNS publishes and answers for each of the
// product's hosts (PORTICO_DNS_RESOLVER), and whether the shared gateway still serves the product
// (Prometheus). Where Portico does not publish a host, the resolver's answers are compared with the
// product gateway's load-balancer addresses read through the registered clusters' credentials.
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { prisma } from "@/lib/db/client";
import { currentSetting } from "@/lib/env";
import { gatewaySides, ProbeInputError } from "@/lib/probe/probe-product";
import type { Topology } from "@/lib/topology";
import { DEFAULT_MAX_ERROR_RATE, readDrainStatus, type DrainStatus } from "@/lib/traffic/drain-status";
import { prometheusUrlsFor } from "@/lib/traffic/prometheus-settings";
import type { HostDnsFact } from "./cut-over-gate";
import { describeDns } from "./describe-dns";
import { observeGateway } from "./run-dns-stage";

/** Queries per host: enough to see a weighted record that still sends a share elsewhere. */
const DNS_SAMPLES = 20;

export interface CutOverEvidence {
  dns: HostDnsFact[];
  /** The product gateway's addresses the answers were compared with (unpublished hosts only). */
  productAddresses?: string[];
  drain: DrainStatus;
}

export async function readCutOverEvidence(topology: Topology, product: string): Promise<CutOverEvidence> {
  const [dns, drain] = await Promise.all([
    readDnsFacts(topology, product),
    readDrainStatus(
      topology,
      {
        prometheusUrls: prometheusUrlsFor(topology.clusters.map((c) => c.name)),
        windowSeconds: currentSetting("PORTICO_DRAIN_WINDOW_SECONDS"),
        timeoutMs: currentSetting("PORTICO_PROMETHEUS_TIMEOUT_S") * 1000,
        maxErrorRate: DEFAULT_MAX_ERROR_RATE,
      },
      [product],
    ).then((s) => s[0]!),
  ]);
  return { ...dns, drain };
}

async function readDnsFacts(
  topology: Topology,
  product: string,
): Promise<{ dns: HostDnsFact[]; productAddresses?: string[] }> {
  const described = await describeDns({
    topology,
    product,
    samples: DNS_SAMPLES,
    resolver: currentSetting("PORTICO_DNS_RESOLVER"),
  });
  const spec = topology.products.find((p) => p.name === product)!;
  const hosts = described.published.managed ? described.published.hosts.map((h) => h.host) : spec.hosts;
  const observed = described.observed;
  const unpublished = !described.published.managed;
  const productAddresses =
    unpublished && observed.configured
      ? await productGatewayAddresses(topology, product, spec.hosts)
      : undefined;

  const facts = hosts.map((host): HostDnsFact => {
    const published = described.published.managed
      ? (described.published.hosts.find((h) => h.host === host)?.percentToProduct ?? null)
      : null;
    if (!observed.configured)
      return { host, publishedPercent: published, observedPercent: null, observedWhy: observed.why };
    const seen = observed.hosts.find((h) => h.host === host);
    if (!seen)
      return {
        host,
        publishedPercent: published,
        observedPercent: null,
        observedWhy: "a wildcard has no single name to resolve",
      };
    const answered = seen.answers.reduce((t, a) => t + a.count, 0);
    if (answered === 0)
      return {
        host,
        publishedPercent: published,
        observedPercent: null,
        observedWhy: `no answer (${seen.failures.map((f) => f.why).join("; ") || "none"})`,
      };
    let percent = seen.percentToProduct;
    if (unpublished) {
      if (!productAddresses || productAddresses.length === 0)
        return {
          host,
          publishedPercent: null,
          observedPercent: null,
          observedWhy: "the product gateway has no load-balancer address to compare the answers with",
        };
      const toProduct = seen.answers
        .filter((a) => a.answer.length > 0 && a.answer.every((addr) => productAddresses.includes(addr)))
        .reduce((t, a) => t + a.count, 0);
      percent = Math.round((toProduct / answered) * 100);
    }
    return {
      host,
      publishedPercent: published,
      observedPercent: percent,
      observedAnswers: answered,
      ...(percent === null ? { observedWhy: "the answers match no published record" } : {}),
    };
  });
  return { dns: facts, ...(productAddresses ? { productAddresses } : {}) };
}

async function productGatewayAddresses(
  topology: Topology,
  product: string,
  hosts: string[],
): Promise<string[]> {
  let side;
  try {
    side = gatewaySides({ topology, product }, hosts).product;
  } catch (err) {
    if (err instanceof ProbeInputError) return [];
    throw err;
  }
  const names = [...new Set(side.gateway.placement.map((p) => p.cluster))];
  const rows = await prisma.cluster.findMany({ where: { name: { in: names } } });
  const clients = new Map(
    rows.map((row) => [row.name, openClusterClient(row, { retry: { maxAttempts: 2 }, timeoutMs: 10_000 })]),
  );
  try {
    return (await observeGateway(side, clients)).addresses;
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
  }
}
