// Drain status end to end: the simulator carries the traffic generator's requests, a real
// Prometheus (Debian's binary) scrapes the shared gateway and the mesh entry, and the verdicts
// are checked against what the generator counted and against Prometheus queried directly.
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "@/lib/cli/main";
import { examplePath, loadExample } from "@/lib/topology/examples";
import { findPrometheus, freePort, startPrometheus, type RunningPrometheus } from "@/lib/sim/prometheus";
import { referenceTargets, startTrafficGenerator, type TrafficGenerator } from "@/lib/sim/traffic-generator";
import { startTrafficSim, until, type TrafficSim } from "@/test/traffic";
import { readGatewayErrorRate } from "./gateway-error-rate";
import { readDrainStatus, type DrainStatus } from "./drain-status";
import { PrometheusError, queryInstant } from "./prometheus-client";

const topology = loadExample("00-shared-ingress");
const SHARED = { namespace: "istio-system", workload: "istio-ingressgateway" };
const prom = findPrometheus();
if (!prom.path && process.env.CI !== "true")
  console.warn(
    `\nWARNING: drain status against a real Prometheus did NOT run: ${prom.why}. Run scripts/ensure-deps.sh --tests.\n`,
  );

/** `portico drain` in process, as the CLI runs it. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(["drain", "-f", examplePath("00-shared-ingress"), ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

async function promValue(url: string, q: string): Promise<number> {
  const r = await request(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await r.body.json()) as { data: { result: { value: [number, string] }[] } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

describe.skipIf(!prom.path && process.env.CI !== "true")("drain status from a real Prometheus", () => {
  let t: TrafficSim;
  let server: RunningPrometheus;
  let gen: TrafficGenerator | undefined;
  let sharedAddress: string;
  const drain = async (windowSeconds: number, product = "payments"): Promise<DrainStatus> =>
    (await readDrainStatus(topology, { prometheusUrls: [server.url], windowSeconds }, [product]))[0]!;

  beforeAll(async () => {
    if (!prom.path) throw new Error(`Prometheus is needed under CI: ${prom.why}`);
    t = await startTrafficSim(["east=us-east-1a"], { sharedRoutes: true });
    sharedAddress = await t.loadBalancer("east", "istio-system", "istio-ingressgateway");
    const east = t.sim.clusters[0]!;
    server = await startPrometheus({
      dir: join(t.dir, "prometheus"),
      jobs: [
        { name: "gateways", metricsPath: "/stats/prometheus", targets: [`${sharedAddress}:15020`] },
        { name: "mesh", metricsPath: "/stats/prometheus", targets: [east.meshProxy!] },
      ],
    });
    const ca = await t.caFile("east");
    gen = startTrafficGenerator({
      dns: t.sim.dns!,
      ca: ca.pem,
      ...referenceTargets(east.meshProxy),
      ratePerSecond: 5,
    });
  }, 60_000);
  afterAll(async () => {
    await gen?.stop();
    await server?.stop();
    await t?.stop();
  });

  it("says still-serving while the generator's requests reach the shared gateway, and names the callers", async () => {
    const status = await until(
      "a still-serving verdict",
      async () => {
        const s = await drain(15);
        return s.verdict === "still-serving" && (s.sharedGateway?.requestsPerSecond ?? 0) > 1 ? s : undefined;
      },
      30_000,
    );
    const stats = gen!.stats();
    // The generator resolved the public host through the demo DNS to the shared gateway.
    expect(stats["GET https://payments.my-company.io/v1/payments"]!.address).toBe(sharedAddress);
    expect(stats["GET https://payments.my-company.io/v1/payments"]!.byStatus["200"]).toBeGreaterThan(0);
    expect(status.reason).toMatch(
      /istio-system\/istio-ingressgateway still routed [\d.]+ req\/s to payments/,
    );
    expect(status.sharedGateway!.gateways).toEqual(["istio-system/istio-ingressgateway"]);
    expect(status.sharedGateway!.sources).toEqual([
      expect.objectContaining({ kind: "external", requestsPerSecond: expect.any(Number) }),
    ]);
    expect(status.sharedGateway!.errorRate).toBe(0);
    expect(status.sharedGateway!.query).toContain(
      '|payments\\\\.payments\\\\.svc\\\\.cluster\\\\.local"}[15s]',
    );
    // checkout calls the Service directly, as step 00 declares; nobody reaches a product gateway.
    expect(status.internalClients).toEqual([
      expect.objectContaining({ namespace: "checkout", name: "checkout", status: "direct-to-service" }),
    ]);
    expect(status.directCallers).toEqual([
      expect.objectContaining({
        namespace: "checkout",
        workload: "checkout",
        destinationService: "payments.payments.svc.cluster.local",
      }),
    ]);
    expect(status.productGateway).toBeNull();
    // The figure's own PromQL, run by hand, gives a rate of the same order.
    const byHand = await promValue(server.url, status.sharedGateway!.query);
    expect(byHand).toBeGreaterThan(0);
    // Analytics is told apart by destination: its requests are not Payments'.
    const still = await cli("--product", "payments", "--prometheus", server.url, "--window", "15");
    expect(still.code).toBe(1);
    expect(still.out).toMatch(/^payments: STILL-SERVING: /);
    expect(still.out).toMatch(/from external clients: [\d.]+ req\/s/);
    expect(still.out).toContain("client checkout/checkout: direct-to-service");
    const analytics = await drain(15, "analytics");
    expect(analytics.verdict).toBe("still-serving");
    expect(analytics.sharedGateway!.requests).toBeGreaterThan(0);
    expect(analytics.internalClients).toEqual([]);
  }, 60_000);

  it("reads a backend's 5xx as an error rate above the threshold", async () => {
    gen!.setHeaders({ "x-portico-echo-status": "503" });
    const rate = await until(
      "the 5xx share to climb",
      async () => {
        const r = await readGatewayErrorRate({
          prometheus: { url: server.url },
          gateway: SHARED,
          windowSeconds: 5,
          destinationServices: ["payments.payments.svc.cluster.local"],
        });
        return r.errorRate !== null && r.errorRate > 0.5 ? r : undefined;
      },
      30_000,
    );
    expect(rate.errors).toBeGreaterThan(0);
    expect(rate.query).toContain('response_code=~"5.."');
    const status = await drain(5);
    expect(status.sharedGateway!.errorRateAboveThreshold).toBe(true);
    gen!.setHeaders({});
  }, 60_000);

  it("says drained once the traffic stops, and Prometheus holds exactly what the generator sent", async () => {
    const counted = gen!.stats();
    await gen!.stop();
    gen = undefined;
    const payments = counted["GET https://payments.my-company.io/v1/payments"]!;
    const answered = Object.entries(payments.byStatus)
      .filter(([k]) => k !== "error")
      .reduce((n, [, v]) => n + v, 0);
    // Independent reading: the raw counter in Prometheus equals the generator's count.
    await until(
      "Prometheus to hold the last requests",
      async () =>
        (await promValue(
          server.url,
          'sum(istio_requests_total{source_workload="istio-ingressgateway",destination_service="payments.payments.svc.cluster.local"})',
        )) === answered
          ? true
          : undefined,
      15_000,
    );
    const status = await until(
      "a drained verdict",
      async () => {
        const s = await drain(5);
        return s.verdict === "drained" ? s : undefined;
      },
      30_000,
    );
    expect(status.sharedGateway!.requests).toBe(0);
    expect(status.reason).toBe(
      "istio-system/istio-ingressgateway routed no request to payments over the last 5 s.",
    );
    expect(status.queries).toHaveLength(1);
    const drained = await cli("--product", "payments", "--prometheus", server.url, "--window", "5", "--json");
    expect(drained.code).toBe(0);
    expect(JSON.parse(drained.out)).toMatchObject({ product: "payments", verdict: "drained" });
  }, 60_000);

  it("refuses bad input with exit 2 and says what to fix", async () => {
    const bad = [
      [
        ["--product", "nope", "--prometheus", server.url],
        /no product "nope" \(it has: payments, analytics\)/,
      ],
      [["--product", "payments", "--prometheus", "not a url"], /--prometheus must be a URL/],
      [["--product", "payments", "--prometheus", `${server.url}/?x=1`], /without query or fragment/],
      [
        ["--product", "payments", "--prometheus", server.url, "--window", "2"],
        /--window must be a whole number from 5/,
      ],
    ] as const;
    for (const [args, message] of bad) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it("never says drained when Prometheus is not set, unreachable, or does not scrape the gateway", async () => {
    const none = await readDrainStatus(topology, { prometheusUrls: [], windowSeconds: 60 });
    expect(none.map((s) => s.verdict)).toEqual(["unknown", "unknown"]);
    expect(none[0]!.reason).toMatch(/set PORTICO_PROMETHEUS_URL/);
    const port = await freePort();
    const down = await readDrainStatus(
      topology,
      { prometheusUrls: [`http://127.0.0.1:${port}`], windowSeconds: 60 },
      ["payments"],
    );
    expect(down[0]!.verdict).toBe("unknown");
    expect(down[0]!.reason).toMatch(/unreachable \(ECONNREFUSED\)/);
    // A Prometheus that scrapes nothing of the gateway: no evidence, so no verdict.
    const empty = await startPrometheus({ dir: join(t.dir, "prometheus-empty"), jobs: [] });
    try {
      const s = await readDrainStatus(topology, { prometheusUrls: [empty.url], windowSeconds: 60 }, [
        "payments",
      ]);
      expect(s[0]!.verdict).toBe("unknown");
      expect(s[0]!.reason).toMatch(
        /holds no istio_requests_total reported by istio-system\/istio-ingressgateway/,
      );
    } finally {
      await empty.stop();
    }
  }, 60_000);

  it("reports a refused query as a bad query, naming Prometheus' reason", async () => {
    const err = await queryInstant({ url: server.url }, "sum(rate(istio_requests_total[5m])").catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as PrometheusError).kind).toBe("bad-query");
    expect((err as PrometheusError).message).toMatch(/Prometheus refused the query \(.*parse error/);
  });
});
