// Step 1 of the payments journey through every stage of its cutover, through the real route
// handlers: serve both, probe, DNS 10 → 50 → 100 %, drained, then the cut-over that removes the
// host from the shared gateway. Clients are a steady generator that resolves the host through the
// simulator's DNS on every call; a real Prometheus scrapes both gateways, and each figure the gate
// used is read back from Prometheus independently.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Simulator } from "@/lib/sim";
import { findPrometheus, startPrometheus, type RunningPrometheus } from "@/lib/sim/prometheus";
import { startTrafficGenerator, type TrafficGenerator } from "@/lib/sim/traffic-generator";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import {
  bothGatewaysServing,
  demoCa,
  registerSimulatedCluster,
  startReferenceSimulator,
  storeAndSync,
  syncCluster,
} from "./helpers/cutover-estate";
import { until } from "./traffic";
import { saveEnv } from "./helpers/saved-env";

const HOST = "payments.my-company.io";
const prom = findPrometheus();
const SETTINGS = [
  "PORTICO_ALLOW_INSECURE_CLUSTERS",
  "PORTICO_DNS_RESOLVER",
  "PORTICO_PROMETHEUS_URL_EAST",
  "PORTICO_DRAIN_WINDOW_SECONDS",
];
const restoreEnv = saveEnv(SETTINGS);

let sim: Simulator;
let engineer: Record<string, string>;
let ca: string;
let prometheus: RunningPrometheus;
let generator: TrafficGenerator;
let sharedAddress: string;
let productAddress: string;

const newestNumber = async () =>
  (await prisma.revision.findFirstOrThrow({ orderBy: { number: "desc" }, select: { number: true } })).number;

const stage = (body: unknown) =>
  callRoute("POST", "/api/products/[slug]/dns-stage", {
    params: { slug: "payments" },
    body,
    headers: engineer,
  });

const cutOver = async (extra: Record<string, unknown> = {}) =>
  callRoute("POST", "/api/migrations/[product]/steps", {
    params: { product: "payments" },
    body: {
      step: { step: "insert", phase: "cut-over", moveInternalClients: true },
      message: "payments: cut over",
      baseRevision: await newestNumber(),
      ...extra,
    },
    headers: engineer,
  });

async function drain() {
  const res = await callRoute("GET", "/api/products/[slug]/traffic", {
    params: { slug: "payments" },
    headers: engineer,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** Requests the shared gateway served over `seconds`, asked of Prometheus directly. */
async function sharedServed(seconds: number): Promise<number> {
  const q = `sum(increase(istio_requests_total{reporter="source",source_workload="istio-ingressgateway"}[${seconds}s]))`;
  const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  if (!prom.path) throw new Error(`The cut-over gate needs a real Prometheus: ${prom.why}`);
  sim = await startReferenceSimulator();
  process.env.PORTICO_DNS_RESOLVER = sim.dns!;
  await registerSimulatedCluster(sim, "east");
  // Step 1, serve both (the example's revision; an explicit, forced sync takes over the route
  // kubectl applied before Portico).
  await storeAndSync(loadExample("01-payments-gateway"), "step 1: serve both", true);
  ({ shared: sharedAddress, product: productAddress } = await bothGatewaysServing(sim));
  ca = await demoCa();
  engineer = await sessionHeaders((await createUser([{ role: "platform_engineer" }])).id);
  prometheus = await startPrometheus({
    dir: join(mkdtempSync(join(tmpdir(), "portico-cutover-prom-")), "prometheus"),
    jobs: [
      {
        name: "gateways",
        metricsPath: "/stats/prometheus",
        targets: [`${sharedAddress}:15020`, `${productAddress}:15020`],
      },
    ],
  });
  process.env.PORTICO_PROMETHEUS_URL_EAST = prometheus.url;
  // A short drain window: the demo's figure; production's default is 600 s.
  process.env.PORTICO_DRAIN_WINDOW_SECONDS = "8";
  generator = startTrafficGenerator({
    dns: sim.dns!,
    ca,
    external: [{ host: HOST, path: "/v1/payments" }],
    ratePerSecond: 5,
  });
}, 120_000);

afterAll(async () => {
  await generator?.stop();
  await prometheus?.stop();
  restoreEnv();
  await sim?.stop();
  await prisma.$disconnect();
  await dropOwnDatabase();
});

describe("step 1's cutover, stage by stage", { timeout: 180_000 }, () => {
  it("holds the cut-over while DNS sends clients to the shared gateway and it serves them; writes nothing", async () => {
    const serving = await until("the shared gateway's traffic in Prometheus", async () => {
      const d = await drain();
      return d.verdict === "still-serving" ? d : undefined;
    });
    expect(serving.sharedGateway.requestsPerSecond).toBeGreaterThan(0);
    expect(await sharedServed(8)).toBeGreaterThan(0);
    const before = await newestNumber();
    // The preview shows the gate as the apply will judge it.
    const preview = await callRoute("POST", "/api/migrations/[product]/preview", {
      params: { product: "payments" },
      body: { step: "insert", phase: "cut-over", moveInternalClients: true },
      headers: engineer,
    });
    expect(preview.status).toBe(200);
    const p = await preview.json();
    expect(p.cutOver.checks.map((c: { pass: boolean }) => c.pass)).toEqual([false, false]);
    expect(p.blockers.join(" ")).toMatch(/The cut-over gate is held: the resolver sent 100 %/);
    expect(p.cutOver.movedCalls).toBe(1);
    expect(p.cutOver.blockersWithOverride).toEqual([]);
    const res = await cutOver();
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.message).toMatch(/The cut-over is held: .*Nothing was saved/);
    expect(body.error.details.checks).toEqual([
      expect.objectContaining({
        check: "dns",
        pass: false,
        detail: expect.stringMatching(/sent 100 % of 20 answers for payments\.my-company\.io elsewhere/),
      }),
      expect.objectContaining({ check: "drain", pass: false }),
    ]);
    expect(body.error.details.evidence.dns).toEqual([
      expect.objectContaining({ host: HOST, publishedPercent: null, observedPercent: 0 }),
    ]);
    expect(await newestNumber()).toBe(before);
    const record = await prisma.migrationEvent.count({ where: { kind: "step.applied", stage: "cut-over" } });
    expect(record).toBe(0);
  });

  it("records a probe and the DNS stages 10 → 50 → 100 % with their gates in the migration record", async () => {
    const probe = await callRoute("POST", "/api/products/[slug]/probes", {
      params: { slug: "payments" },
      body: { ca },
      headers: engineer,
    });
    expect(probe.status, await probe.clone().text()).toBe(200);
    expect(await probe.json()).toMatchObject({ ok: true });
    for (const percent of [10, 50, 100]) {
      const res = await stage({ percent, ca });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await res.json()).toMatchObject({ to: percent, gate: { verdict: "passed" } });
      await syncCluster("east");
    }
    const res = await callRoute("GET", "/api/migrations/[product]", {
      params: { product: "payments" },
      headers: engineer,
    });
    expect(res.status).toBe(200);
    const record = JSON.stringify(await res.json());
    for (const kind of ["cutover.probed", "cutover.dns-stage"]) expect(record).toContain(kind);
    const stages = await prisma.migrationEvent.findMany({
      where: { kind: "cutover.dns-stage" },
      orderBy: { at: "asc" },
    });
    expect(stages.map((e) => [e.stage, (e.evidence as { to: number }).to])).toEqual([
      ["dns-10", 10],
      ["dns-50", 50],
      ["dns-100", 100],
    ]);
  });

  it("holds until the shared gateway has drained, then cuts over with the evidence recorded", async () => {
    // Clients follow DNS: every answer is now the product gateway. The shared gateway drains once
    // a whole window passes without a request for the product.
    await until(
      "the shared gateway drained",
      async () => ((await drain()).verdict === "drained" ? true : undefined),
      60_000,
    );
    expect(await sharedServed(8)).toBe(0);
    expect(generator.stats()[`GET https://${HOST}/v1/payments`]).toMatchObject({ address: productAddress });
    const res = await cutOver();
    expect(res.status, await res.clone().text()).toBe(201);
    const { number } = await res.json();
    const event = await prisma.migrationEvent.findFirstOrThrow({
      where: { kind: "step.applied", stage: "cut-over", revisionNumber: number },
    });
    expect(event.evidence).toMatchObject({
      gate: {
        verdict: "passed",
        checks: [
          { check: "dns", pass: true },
          { check: "drain", pass: true },
        ],
        dns: [{ host: HOST, publishedPercent: 100, observedPercent: 100 }],
        drain: { verdict: "drained", windowSeconds: 8 },
      },
    });
    expect(JSON.stringify(event.evidence)).toContain("istio_requests_total");
  });
});
