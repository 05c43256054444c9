// Reads the topology picture's edge rates from every Prometheus that scrapes the topology's
// clusters, one query each (edge-rates.ts). Never fails on Prometheus: without one, or when one
// cannot answer, the answer says so in a note and carries what the others gave.
import type { RenderFormat } from "@/lib/istio/render-cluster";
import type { Topology } from "@/lib/topology";
import type { EdgeRate, TopologyGraph } from "@/lib/topology-graph";
import { edgeRatesFromSamples, edgeRatesQuery, type PrometheusAnswer } from "./edge-rates";
import { PrometheusError, queryInstant } from "./prometheus-client";

export interface EdgeRatesAnswer {
  /** False when no Prometheus is configured for any cluster of the topology. */
  configured: boolean;
  windowSeconds: number;
  /** Edges with a series, by graph edge id. */
  edges: EdgeRate[];
  /** Why some or all rates are missing (not configured, unreachable...), to show quietly. */
  note?: string;
  /** The PromQL asked of each Prometheus. */
  query?: string;
}

export async function readEdgeRates(
  topology: Topology,
  graph: TopologyGraph,
  opts: {
    /** Prometheus base URLs with the clusters each scrapes (`prometheusTargetsFor`). */
    prometheus: { url: string; clusters: string[] }[];
    windowSeconds: number;
    timeoutMs?: number;
    format?: RenderFormat;
    signal?: AbortSignal;
  },
): Promise<EdgeRatesAnswer> {
  const { windowSeconds } = opts;
  if (opts.prometheus.length === 0)
    return {
      configured: false,
      windowSeconds,
      edges: [],
      note: "No Prometheus is configured: set PORTICO_PROMETHEUS_URL to see live request rates.",
    };
  if (topology.gateways.length === 0 && topology.clients.length === 0)
    return { configured: true, windowSeconds, edges: [] };
  const query = edgeRatesQuery(topology, windowSeconds, opts.format);
  const problems: string[] = [];
  const answers = await Promise.all(
    opts.prometheus.map(async ({ url, clusters }): Promise<PrometheusAnswer> => {
      try {
        const samples = await queryInstant(
          { url, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
          query,
          opts.signal ? { signal: opts.signal } : {},
        );
        return { clusters, samples };
      } catch (e) {
        if (!(e instanceof PrometheusError)) throw e;
        problems.push(`${clusters.join(", ")}: ${e.message}`);
        return { clusters, samples: [] };
      }
    }),
  );
  const edges = edgeRatesFromSamples(topology, graph, answers, opts.format);
  return {
    configured: true,
    windowSeconds,
    edges,
    query,
    ...(problems.length ? { note: `No live rates for ${problems.join("; ")}` } : {}),
  };
}
