// Series → edges of the topology picture: which edge each of Istio's series lands on, per cluster.
import { describe, expect, it } from "vitest";
import { buildGraph } from "@/lib/topology-graph";
import { loadExample } from "@/lib/topology/examples";
import { edgeRatesFromSamples, edgeRatesQuery } from "./edge-rates";
import type { InstantSample } from "./prometheus-client";

const topology = loadExample("01-payments-gateway");
const graph = buildGraph(topology, { signatures: false });
const SHARED = "gateway:east/istio-system/istio-ingressgateway";
const PRODUCT = "gateway:east/payments/payments-gateway";
const PAYMENTS = "service:east/payments/payments";

const series = (
  part: "all" | "5xx",
  source: string,
  destination: string,
  value: number,
  extra: Record<string, string> = {},
): InstantSample => {
  const [ns, wl] = source.split("/");
  return {
    metric: {
      part,
      source_workload: wl!,
      source_workload_namespace: ns!,
      source_cluster: "east",
      destination_service: destination,
      destination_workload: "unknown",
      destination_workload_namespace: "unknown",
      ...extra,
    },
    value,
  };
};

describe("edgeRatesFromSamples", () => {
  it("puts each gateway's and client's series on its edges, 5xx included", () => {
    const samples = [
      series("all", "istio-system/istio-ingressgateway", "payments.payments.svc.cluster.local", 2),
      series("5xx", "istio-system/istio-ingressgateway", "payments.payments.svc.cluster.local", 0.01),
      series("all", "istio-system/istio-ingressgateway", "ingest.analytics-ingest.svc.cluster.local", 1),
      series("all", "payments/payments-gateway", "payments.payments.svc.cluster.local", 3),
      // No route served it: a gateway's own 404s, on no edge.
      series("all", "payments/payments-gateway", "unknown", 0.2),
      // checkout calls the public host; its sidecar names the product gateway as destination.
      series("all", "checkout/checkout", "payments.my-company.io", 0.5, {
        destination_workload: "payments-gateway",
        destination_workload_namespace: "payments",
      }),
      // Same host, no destination workload: two local gateways serve it, so it is not attributed.
      series("all", "checkout/checkout", "payments.my-company.io", 7),
      // Not a workload of the topology.
      series("all", "other/curl", "payments.payments.svc.cluster.local", 9),
    ];
    expect(edgeRatesFromSamples(topology, graph, [{ clusters: ["east"], samples }])).toEqual([
      { edge: `client:east/checkout/checkout->${PRODUCT}`, requestsPerSecond: 0.5, errorsPerSecond: 0 },
      {
        edge: `${SHARED}->service:east/analytics-ingest/ingest`,
        requestsPerSecond: 1,
        errorsPerSecond: 0,
      },
      { edge: `${SHARED}->${PAYMENTS}`, requestsPerSecond: 2, errorsPerSecond: 0.01 },
      { edge: `${PRODUCT}->${PAYMENTS}`, requestsPerSecond: 3, errorsPerSecond: 0 },
      // analytics' ingest is routed from its host only; payments from payments.my-company.io only.
      { edge: `host:analytics.my-company.io->${SHARED}`, requestsPerSecond: 1, errorsPerSecond: 0 },
      { edge: `host:payments.my-company.io->${SHARED}`, requestsPerSecond: 2, errorsPerSecond: 0.01 },
      { edge: `host:payments.my-company.io->${PRODUCT}`, requestsPerSecond: 3, errorsPerSecond: 0 },
    ]);
  });

  it("gives a Prometheus of one cluster that cluster, and splits a shared one by source_cluster", () => {
    const s = (cluster: string, value: number) =>
      series("all", "payments/payments-gateway", "payments.payments.svc.cluster.local", value, {
        source_cluster: cluster,
      });
    const rate = (answers: { clusters: string[]; samples: InstantSample[] }[]) =>
      edgeRatesFromSamples(topology, graph, answers).find((r) => r.edge === `${PRODUCT}->${PAYMENTS}`)
        ?.requestsPerSecond;
    // Istio's default cluster id says nothing; the one cluster the Prometheus scrapes does.
    expect(rate([{ clusters: ["east"], samples: [s("Kubernetes", 4)] }])).toBe(4);
    // One Prometheus for east and west: only east's series are east's; west runs no payments-gateway.
    expect(
      rate([{ clusters: ["east", "west"], samples: [s("east", 1), s("west", 5), s("Kubernetes", 6)] }]),
    ).toBe(1);
    // A Prometheus per cluster: each answer counts for its own.
    expect(rate([{ clusters: ["west"], samples: [s("east", 5)] }])).toBeUndefined();
  });

  it("leaves out edges the graph does not have (another team's part of a scoped view)", () => {
    const scoped = buildGraph(loadExample("00-shared-ingress"), { signatures: false });
    const samples = [series("all", "payments/payments-gateway", "payments.payments.svc.cluster.local", 3)];
    expect(edgeRatesFromSamples(topology, scoped, [{ clusters: ["east"], samples }])).toEqual([]);
  });
});

describe("edgeRatesQuery", () => {
  it("asks once for every gateway's and declared client's requests and 5xx", () => {
    const q = edgeRatesQuery(topology, 60);
    expect(q).toContain(
      'source_workload=~"analytics-gateway|checkout|istio-ingressgateway|payments-gateway"',
    );
    expect(q).toContain("rate(istio_requests_total{");
    expect(q).toContain('response_code=~"5.."}[60s]');
    expect(q.match(/label_replace/g)).toHaveLength(2);
  });
});
