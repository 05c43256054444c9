// GET /api/revisions/{number}/traffic through the real route handler: a real Prometheus (Debian's
// binary) scraping Istio's metrics of the reference estate's gateways and checkout from a loopback
// endpoint, the rates mapped onto the edges of the revision's picture, per caller's view.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import type { RequestRecord } from "@/lib/sim/dataplane/telemetry";
import { findPrometheus, startPrometheus, type RunningPrometheus } from "@/lib/sim/prometheus";
import { startSyntheticTelemetry, type SyntheticTelemetry } from "@/lib/sim/synthetic-telemetry";
import { loadExample } from "@/lib/topology/examples";
import type { EdgeRatesAnswer } from "@/lib/traffic/read-edge-rates";
import { callRoute, createTeam, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import { until } from "./traffic";
import { saveEnv } from "./helpers/saved-env";

const prom = findPrometheus();
if (!prom.path && process.env.CI !== "true")
  console.warn(`\nWARNING: edge rates against a real Prometheus did NOT run: ${prom.why}.\n`);

const SHARED = "gateway:east/istio-system/istio-ingressgateway";
const PRODUCT = "gateway:east/payments/payments-gateway";
const PAYMENTS = "service:east/payments/payments";

const request = (
  source: string,
  service: string,
  namespace: string,
  responseCode = 200,
  destinationWorkload = service,
): RequestRecord => {
  const [ns, wl] = source.split("/") as [string, string];
  return {
    reporter: "source",
    sourceWorkload: wl,
    sourceNamespace: ns,
    sourceCluster: "east",
    destinationService: `${service}.${namespace}.svc.cluster.local`,
    destinationServiceName: service,
    destinationServiceNamespace: namespace,
    destinationWorkload,
    destinationWorkloadNamespace: namespace,
    destinationCluster: "east",
    responseCode,
    responseFlags: "-",
    requestProtocol: "http",
    durationMs: 3,
  };
};

describe.skipIf(!prom.path && process.env.CI !== "true")("GET /api/revisions/{number}/traffic", () => {
  const dir = mkdtempSync(join(tmpdir(), "portico-edge-rates-"));
  let telemetry: SyntheticTelemetry;
  let server: RunningPrometheus;
  let admin: Record<string, string>;
  let lead: Record<string, string>;
  let number: number;
  const restoreEnv = saveEnv(["PORTICO_PROMETHEUS_URL_EAST"]);
  const traffic = (headers: Record<string, string>, query: Record<string, string> = { window: "10" }) =>
    callRoute("GET", "/api/revisions/[number]/traffic", {
      params: { number: String(number) },
      query,
      headers,
    });

  beforeAll(async () => {
    expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
    if (!prom.path) throw new Error(`Prometheus is needed under CI: ${prom.why}`);
    const rev = await prisma.$transaction((tx) =>
      createRevision(tx, { document: loadExample("01-payments-gateway"), message: "step 1", actor: null }),
    );
    number = rev.number;
    admin = await sessionHeaders((await createUser([{ role: "platform_engineer" }])).id);
    const team = await createTeam("payments", ["payments"]);
    lead = await sessionHeaders((await createUser([{ role: "team_lead", teamId: team.id }])).id);
    telemetry = await startSyntheticTelemetry([
      { request: request("istio-system/istio-ingressgateway", "payments", "payments"), perSecond: 2 },
      { request: request("istio-system/istio-ingressgateway", "ingest", "analytics-ingest"), perSecond: 1 },
      { request: request("payments/payments-gateway", "payments", "payments"), perSecond: 3 },
      { request: request("payments/payments-gateway", "payments", "payments", 503), perSecond: 1 },
      {
        request: request("checkout/checkout", "payments-gateway", "payments", 200, "payments-gateway"),
        perSecond: 1,
      },
    ]);
    server = await startPrometheus({
      dir: join(dir, "prometheus"),
      jobs: [{ name: "proxies", metricsPath: "/stats/prometheus", targets: [telemetry.target] }],
    });
  }, 60_000);

  afterAll(async () => {
    restoreEnv();
    await server?.stop();
    await telemetry?.stop();
    rmSync(dir, { recursive: true, force: true });
    await prisma.$disconnect();
    await dropOwnDatabase();
  });

  it("answers no edges and a quiet note when no Prometheus is configured", async () => {
    delete process.env.PORTICO_PROMETHEUS_URL_EAST;
    const res = await traffic(admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as EdgeRatesAnswer;
    expect(body).toMatchObject({ configured: false, edges: [], windowSeconds: 10 });
    expect(body.note).toMatch(/set PORTICO_PROMETHEUS_URL/);
  });

  it("gives each edge its requests and 5xx per second from one query", async () => {
    process.env.PORTICO_PROMETHEUS_URL_EAST = server.url;
    const body = await until(
      "the rates over a full window",
      async () => {
        const b = (await (await traffic(admin)).json()) as EdgeRatesAnswer;
        const product = b.edges.find((e) => e.edge === `${PRODUCT}->${PAYMENTS}`);
        return product && product.requestsPerSecond > 3.5 ? b : undefined;
      },
      30_000,
    );
    expect(body.configured).toBe(true);
    expect(body.note).toBeUndefined();
    const rate = (edge: string) => body.edges.find((e) => e.edge === edge);
    // 3 req/s answered 200 and 1 req/s 503: Prometheus' rate() over 10 s is close, not exact.
    expect(rate(`${PRODUCT}->${PAYMENTS}`)!.requestsPerSecond).toBeCloseTo(4, 0);
    expect(rate(`${PRODUCT}->${PAYMENTS}`)!.errorsPerSecond).toBeCloseTo(1, 0);
    expect(rate(`host:payments.my-company.io->${PRODUCT}`)!.requestsPerSecond).toBeGreaterThan(3);
    expect(rate(`${SHARED}->${PAYMENTS}`)!.requestsPerSecond).toBeCloseTo(2, 0);
    expect(rate(`${SHARED}->${PAYMENTS}`)!.errorsPerSecond).toBe(0);
    expect(rate(`${SHARED}->service:east/analytics-ingest/ingest`)!.requestsPerSecond).toBeGreaterThan(0.5);
    expect(rate(`client:east/checkout/checkout->${PRODUCT}`)!.requestsPerSecond).toBeGreaterThan(0.5);
    expect(body.query).toContain("istio_requests_total");
  }, 60_000);

  it("gives a team lead the edges of their own view only", async () => {
    process.env.PORTICO_PROMETHEUS_URL_EAST = server.url;
    const res = await traffic(lead);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("analytics");
    const body = JSON.parse(text) as EdgeRatesAnswer;
    expect(body.edges.map((e) => e.edge)).toContain(`${PRODUCT}->${PAYMENTS}`);
  });

  it("says in a note, not an error, when Prometheus cannot answer", async () => {
    process.env.PORTICO_PROMETHEUS_URL_EAST = "http://127.0.0.1:9";
    const res = await traffic(admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as EdgeRatesAnswer;
    expect(body).toMatchObject({ configured: true, edges: [] });
    expect(body.note).toMatch(
      /^No live rates for east: Prometheus at http:\/\/127\.0\.0\.1:9 is unreachable/,
    );
  });

  it("refuses a bad window and names a missing revision", async () => {
    const bad = await traffic(admin, { window: "2" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("window must be at least 5 seconds.");
    const missing = await callRoute("GET", "/api/revisions/[number]/traffic", {
      params: { number: "999999" },
      headers: admin,
    });
    expect(missing.status).toBe(404);
  });
});
