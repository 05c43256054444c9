// A real Prometheus holding Istio's metrics for a synthetic estate of N products, for the drain
// status benchmark and its test: every product has its gateway, a shared gateway serves them all,
// even-numbered products still get requests through the shared gateway, odd-numbered ones are
// drained (the shared gateway's series to them exist but stay flat).
import { join } from "node:path";
import type { RequestRecord } from "@/lib/sim/dataplane/telemetry";
import { startPrometheus, type RunningPrometheus } from "@/lib/sim/prometheus";
import {
  startSyntheticTelemetry,
  type SyntheticFlow,
  type SyntheticTelemetry,
} from "@/lib/sim/synthetic-telemetry";
import { parseTopology, type Topology } from "@/lib/topology";
import { syntheticTopology } from "@/lib/topology/synthetic";
import { readDrainStatus, type DrainStatus, type DrainVerdict } from "@/lib/traffic/drain-status";
import { gatewayWorkloads } from "@/lib/traffic/gateway-workloads";

export const SHARED = { namespace: "istio-system", name: "istio-ingressgateway" };
/** Short enough that a few 1 s scrapes fill it. */
export const DRAIN_WINDOW_SECONDS = 10;

/** `syntheticTopology(products, 1)` plus the shared gateway every product's host is served by. */
export function drainEstateTopology(products: number): Topology {
  const t = syntheticTopology(products, 1);
  const r = parseTopology({
    ...t,
    gateways: [
      {
        ...SHARED,
        mode: "shared",
        placement: [{ cluster: t.clusters[0]!.name }],
        listeners: [
          {
            name: "https",
            port: 443,
            protocol: "HTTPS",
            hosts: [`*.${t.domain}`],
            tls: { mode: "SIMPLE", credentialName: "wildcard-tls" },
          },
        ],
      },
      ...t.gateways,
    ],
  });
  if (!r.ok) throw new Error(`drain estate invalid: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.topology;
}

/** What the verdict of each product must be. */
export const expectedVerdict = (index: number): DrainVerdict =>
  index % 2 === 0 ? "still-serving" : "drained";

/** The series of the estate: per product, the shared gateway, the product gateway and a mesh caller. */
export function drainEstateFlows(topology: Topology): SyntheticFlow[] {
  const workloads = gatewayWorkloads(topology);
  const cluster = topology.clusters[0]!.name;
  const flow = (
    from: { namespace: string; workload: string },
    to: { service: string; namespace: string },
    perSecond: number,
    responseCode = 200,
  ): SyntheticFlow => ({
    perSecond,
    request: {
      reporter: "source",
      sourceWorkload: from.workload,
      sourceNamespace: from.namespace,
      sourceCluster: cluster,
      destinationService: `${to.service}.${to.namespace}.svc.cluster.local`,
      destinationServiceName: to.service,
      destinationServiceNamespace: to.namespace,
      destinationWorkload: `${to.service}-v1`,
      destinationWorkloadNamespace: to.namespace,
      destinationCluster: cluster,
      responseCode,
      responseFlags: "-",
      requestProtocol: "http",
      durationMs: 4,
    } satisfies RequestRecord,
  });
  const shared = { namespace: SHARED.namespace, workload: SHARED.name };
  return topology.products.flatMap((p, i) => {
    const own = workloads.get(`${p.name}/${p.name}-gateway`)!;
    const api = { service: "api", namespace: p.name };
    return [
      flow(shared, api, expectedVerdict(i) === "still-serving" ? 2 : 0),
      flow(own, api, 3),
      flow(own, { service: "billing", namespace: p.name }, 0.5, 503),
      flow({ namespace: p.name, workload: "frontend" }, api, 1),
    ];
  });
}

export interface DrainEstate {
  topology: Topology;
  prometheus: RunningPrometheus;
  telemetry: SyntheticTelemetry;
  drain(): Promise<DrainStatus[]>;
  stop(): Promise<void>;
}

/** Starts the metrics endpoint and Prometheus (1 s scrapes) with its data under `dir`. */
export async function startDrainEstate(dir: string, products: number): Promise<DrainEstate> {
  const topology = drainEstateTopology(products);
  const telemetry = await startSyntheticTelemetry(drainEstateFlows(topology));
  let prometheus: RunningPrometheus;
  try {
    prometheus = await startPrometheus({
      dir: join(dir, "prometheus"),
      jobs: [{ name: "estate", metricsPath: "/stats/prometheus", targets: [telemetry.target] }],
      scrapeIntervalSeconds: 1,
    });
  } catch (e) {
    await telemetry.stop();
    throw e;
  }
  return {
    topology,
    prometheus,
    telemetry,
    drain: () =>
      readDrainStatus(topology, { prometheusUrls: [prometheus.url], windowSeconds: DRAIN_WINDOW_SECONDS }),
    stop: async () => {
      await prometheus.stop();
      await telemetry.stop();
    },
  };
}

/**
 * True once every product has its expected verdict and the window is full (the still-served
 * products' shared-gateway rate near the 2 req/s sent: Prometheus has scraped long enough).
 */
export function estateSettled(topology: Topology, statuses: DrainStatus[]): boolean {
  return (
    statuses.length === topology.products.length &&
    statuses.every(
      (s, i) =>
        s.product === topology.products[i]!.name &&
        s.verdict === expectedVerdict(i) &&
        (s.verdict !== "still-serving" || (s.sharedGateway?.requestsPerSecond ?? 0) > 1.5),
    )
  );
}
