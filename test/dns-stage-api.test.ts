// DNS in steps through the real route handlers: the newest revision's product, a registered
// simulated cluster whose two gateways serve Portico's step-1 objects, the sync applying each
// stage's DNSEndpoint by server-side apply, kubectl reading it back, the simulator's DNS answering
// over UDP, and a real Prometheus scraping the product gateway's Istio metrics for the gate.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import {
  bothGatewaysServing,
  demoCa,
  registerSimulatedCluster,
  startReferenceSimulator,
  storeAndSync,
  syncCluster,
} from "./helpers/cutover-estate";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { prisma } from "@/lib/db/client";
import { renderCluster } from "@/lib/istio/render-cluster";
import { withSharedOnlyRoute } from "@/lib/probe/test-helpers";
import type { Simulator } from "@/lib/sim";
import { findPrometheus, startPrometheus, type RunningPrometheus } from "@/lib/sim/prometheus";
import { startTrafficGenerator, type TrafficGenerator } from "@/lib/sim/traffic-generator";
import { readStageErrorRate } from "@/lib/cutover/read-stage-error-rate";
import { parseTopology, type Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import { kubectl, kubectlAvailable } from "./kubectl";
import { until } from "./traffic";
import { saveEnv } from "./helpers/saved-env";

const HOST = "payments.my-company.io";
const kubectlState = kubectlAvailable();
const prom = findPrometheus();

let sim: Simulator;
let kubeconfig: string;
let engineer: Record<string, string>;
let ca: string;
let prometheus: RunningPrometheus | undefined;
let generator: TrafficGenerator | undefined;
let sharedAddress: string;
let productAddress: string;
const restoreEnv = saveEnv([
  "PORTICO_ALLOW_INSECURE_CLUSTERS",
  "PORTICO_DNS_RESOLVER",
  "PORTICO_PROMETHEUS_URL_EAST",
]);

async function newest(): Promise<{ number: number; topology: Topology }> {
  const r = await prisma.revision.findFirstOrThrow({ orderBy: { number: "desc" } });
  const parsed = parseTopology(r.document);
  if (!parsed.ok) throw new Error("newest revision does not parse");
  return { number: r.number, topology: parsed.topology };
}

const store = storeAndSync;
const sync = (force = false) => syncCluster("east", force);

const stage = (body: unknown, headers = engineer) =>
  callRoute("POST", "/api/products/[slug]/dns-stage", { params: { slug: "payments" }, body, headers });

const observe = async (samples: number) => {
  const res = await callRoute("GET", "/api/products/[slug]/dns", {
    params: { slug: "payments" },
    query: { samples: String(samples) },
    headers: engineer,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};

/** The weights of the DNSEndpoint as kubectl reads it back from the cluster. */
async function kubectlWeights(): Promise<Record<string, { targets: string[]; weight: string }>> {
  const out = JSON.parse(
    await kubectl(kubeconfig, "east", [
      "get",
      "dnsendpoints.externaldns.k8s.io",
      "payments-dns",
      "-n",
      "payments",
      "-o",
      "json",
    ]),
  );
  return Object.fromEntries(
    out.spec.endpoints.map((e: any) => [
      e.setIdentifier,
      { targets: e.targets, weight: e.providerSpecific.find((p: any) => p.name === "aws/weight").value },
    ]),
  );
}

async function dnsEndpointExists(): Promise<boolean> {
  const row = await prisma.cluster.findUniqueOrThrow({ where: { name: "east" } });
  const client = openClusterClient(row);
  try {
    return (
      (await client.get("externaldns.k8s.io/v1alpha1", "DNSEndpoint", "payments", "payments-dns")) !== null
    );
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  if (!kubectlState.ok) {
    console.warn(`\n!!! kubectl checks of DNS stages did not run: ${kubectlState.why}\n`);
    if (process.env.CI === "true") throw new Error(kubectlState.why);
  }
  if (!prom.path) throw new Error(`The stage gate needs a real Prometheus: ${prom.why}`);
  sim = await startReferenceSimulator();
  kubeconfig = join(mkdtempSync(join(tmpdir(), "portico-dns-stage-")), "kubeconfig");
  writeFileSync(kubeconfig, sim.kubeconfig());
  process.env.PORTICO_DNS_RESOLVER = sim.dns!;
  await registerSimulatedCluster(sim, "east");
  // Step 1 takes over the route kubectl applied before Portico (an explicit, forced sync).
  await store(loadExample("01-payments-gateway"), "step 1", true);
  ({ shared: sharedAddress, product: productAddress } = await bothGatewaysServing(sim));
  ca = await demoCa();
  engineer = await sessionHeaders((await createUser([{ role: "platform_engineer" }])).id);
  prometheus = await startPrometheus({
    dir: join(mkdtempSync(join(tmpdir(), "portico-dns-prom-")), "prometheus"),
    jobs: [{ name: "gateways", metricsPath: "/stats/prometheus", targets: [`${productAddress}:15020`] }],
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

describe("DNS in steps", { timeout: 120_000 }, () => {
  it("before any stage, shows only what DNS answers: the shared gateway, from its Service annotation", async () => {
    const body = await observe(5);
    expect(body.published).toMatchObject({ managed: false });
    expect(body.observed.hosts[0]).toMatchObject({
      host: HOST,
      answers: [{ answer: [sharedAddress], count: 5 }],
    });
  });

  it("holds a stage whose probe differs (a path only the shared gateway serves) and writes nothing", async () => {
    process.env.PORTICO_PROMETHEUS_URL_EAST = prometheus!.url;
    await store(withSharedOnlyRoute((await newest()).topology), "refunds on the shared gateway only");
    const before = await newest();
    const audits = await prisma.auditEvent.count({ where: { action: { startsWith: "cutover." } } });
    const res = await stage({ percent: 10, ca });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.message).toMatch(
      /The stage is held: 1 of 2 call classes answer the same, 1 differ.*\/v1\/refunds.*Nothing was saved/,
    );
    expect(body.error.details.checks).toEqual([
      expect.objectContaining({ check: "probe", pass: false }),
      expect.objectContaining({ check: "error-rate", pass: true }),
    ]);
    expect(body.error.details.evidence.addresses).toMatchObject({
      shared: { addresses: [sharedAddress] },
      product: { addresses: [productAddress] },
    });
    expect((await newest()).number).toBe(before.number);
    expect(await prisma.auditEvent.count({ where: { action: { startsWith: "cutover." } } })).toBe(audits);
    expect(await dnsEndpointExists()).toBe(false);
  });

  it("lets a platform engineer override the held stage with a reason: stored, synced and audited", async () => {
    const short = await stage({ percent: 10, ca, override: { reason: "ok" } });
    expect(short.status).toBe(400);
    const res = await stage({
      percent: 10,
      ca,
      override: { reason: "refunds are retired; nobody calls them" },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ from: null, to: 10, gate: { verdict: "overridden" } });
    const [override] = await prisma.auditEvent.findMany({ where: { action: "cutover.gate.override" } });
    expect(override).toMatchObject({ productSlug: "payments", targetId: "payments" });
    expect(override!.after).toMatchObject({
      percent: 10,
      revision: body.revision,
      reason: "refunds are retired; nobody calls them",
      failed: [{ check: "probe", pass: false }],
    });
    expect(await prisma.auditEvent.count({ where: { action: "cutover.dns-stage" } })).toBe(1);
    // Back to 0 % is never held, and drops the shared-only route for the next tests.
    expect((await stage({ percent: "return" })).status).toBe(201);
    const { topology } = await newest();
    await store(
      { ...topology, routes: topology.routes.filter((r) => r.name !== "payments-refunds") },
      "refunds retired",
    );
  });

  it("holds while the error rate is not observed (no Prometheus for the cluster)", async () => {
    delete process.env.PORTICO_PROMETHEUS_URL_EAST;
    const res = await stage({ percent: 10, ca });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(
      /error rate not observed: no Prometheus is configured for cluster east/,
    );
    process.env.PORTICO_PROMETHEUS_URL_EAST = prometheus!.url;
  });

  it("stage 10 %: gate passes, kubectl reads the DNSEndpoint back, DNS answers both gateways in about that ratio", async () => {
    const res = await stage({ percent: 10, ca });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ from: 0, to: 10, direction: "forward", gate: { verdict: "passed" } });
    expect(body.evidence.probe).toMatchObject({ ran: true, ok: true });
    expect(body.evidence.errorRate).toMatchObject({ observed: true, threshold: 0.01 });
    expect(body.evidence.errorRate.queries[0].query).toMatch(
      /istio_requests_total\{reporter="source",source_workload="payments-gateway"/,
    );
    await sync();
    if (kubectlState.ok)
      expect(await kubectlWeights()).toEqual({
        shared: { targets: [sharedAddress], weight: "90" },
        "payments-gateway": { targets: [productAddress], weight: "10" },
      });
    if (kubectlState.ok) {
      // kubectl takes the rendered object too, as Portico's field manager: nothing to change.
      const { topology } = await newest();
      const rendered = renderCluster(topology, "east").objects.find((o) => o.kind === "DNSEndpoint")!;
      const file = join(mkdtempSync(join(tmpdir(), "portico-dns-obj-")), "dns.json");
      writeFileSync(file, JSON.stringify(rendered));
      expect(
        await kubectl(kubeconfig, "east", ["apply", "--server-side", "--field-manager=portico", "-f", file]),
      ).toMatch(/dnsendpoint\.externaldns\.k8s\.io\/payments-dns serverside-applied/);
    }
    const seen = await observe(200);
    expect(seen.published.hosts[0]).toMatchObject({ host: HOST, percentToProduct: 10 });
    const host = seen.observed.hosts[0];
    const count = (a: string) => host.answers.find((x: any) => x.answer[0] === a)?.count ?? 0;
    expect(count(sharedAddress) + count(productAddress)).toBe(200);
    // Binomial(200, 0.1): mean 20; outside 5..45 has a probability under 1e-5.
    expect(count(productAddress)).toBeGreaterThanOrEqual(5);
    expect(count(productAddress)).toBeLessThanOrEqual(45);
    expect(host.answers.find((x: any) => x.answer[0] === productAddress).sets).toEqual([
      { setIdentifier: "payments-gateway", gateway: "payments/payments-gateway" },
    ]);
  });

  it("refuses a skipped stage, then goes 50 % and 100 %, and returns to 0 %", async () => {
    const skipped = await stage({ percent: 100, ca });
    expect(skipped.status).toBe(422);
    expect((await skipped.json()).error.message).toMatch(/at 10 % and the next stage is 50 %/);
    expect((await stage({ percent: 50, ca })).status).toBe(201);
    const full = await stage({ percent: 100, ca });
    expect(full.status, await full.clone().text()).toBe(201);
    await sync();
    if (kubectlState.ok)
      expect(await kubectlWeights()).toMatchObject({
        shared: { weight: "0" },
        "payments-gateway": { weight: "100" },
      });
    expect((await observe(20)).observed.hosts[0].answers).toEqual([
      expect.objectContaining({ answer: [productAddress], count: 20 }),
    ]);
    const back = await stage({ percent: "return" });
    expect(back.status).toBe(201);
    expect(await back.json()).toMatchObject({ from: 100, to: 0, direction: "back" });
    await sync();
    if (kubectlState.ok)
      expect(await kubectlWeights()).toMatchObject({
        shared: { weight: "100" },
        "payments-gateway": { weight: "0" },
      });
    const seen = await observe(20);
    expect(seen.observed.hosts[0].answers).toEqual([
      expect.objectContaining({ answer: [sharedAddress], count: 20 }),
    ]);
    expect(seen.published).toMatchObject({
      managed: true,
      object: { cluster: "east", name: "payments-dns" },
    });
  });

  it("pauses on the product gateway's error rate during a stage and offers to return", async () => {
    expect((await stage({ percent: 10, ca })).status).toBe(201);
    await sync();
    // Clients follow DNS: about one in ten reaches the product gateway, and its backend answers 503.
    generator = startTrafficGenerator({
      dns: sim.dns!,
      ca,
      external: [{ host: HOST, path: "/v1/payments" }],
      ratePerSecond: 20,
    });
    generator.setHeaders({ "x-portico-echo-status": "503" });
    const product = (await newest()).topology.gateways.find((g) => g.name === "payments-gateway")!;
    try {
      await until(
        "Prometheus to show the product gateway's 5xx",
        async () => {
          const r = await readStageErrorRate({ gateway: product, windowSeconds: 30 });
          return r.observed && (r.errorRate ?? 0) > 0.01 ? r : undefined;
        },
        60_000,
      );
      const res = await stage({ percent: 50, ca, errorRate: { windowSeconds: 30 } });
      expect(res.status).toBe(409);
      const held = await res.json();
      expect(held.error.message).toMatch(/answered 5xx in the last 30 s \(threshold 1\.00 %\).*"return"/);
      // The probe (no error header) still finds both gateways the same: the error rate alone holds it.
      expect(held.error.details.checks.map((c: { pass: boolean }) => c.pass)).toEqual([true, false]);
      expect(held.error.details.offer).toMatchObject({ percent: "return" });
      const back = await stage({ percent: held.error.details.offer.percent });
      expect(back.status).toBe(201);
      expect(await back.json()).toMatchObject({ from: 10, to: 0, direction: "back" });
    } finally {
      await generator.stop();
      generator = undefined;
    }
  });

  it("refuses to move forward while a cluster's load balancer cannot be read (west is not registered)", async () => {
    const { topology } = await newest();
    await store(
      {
        ...topology,
        gateways: topology.gateways.map((g) =>
          g.name === "payments-gateway" ? { ...g, placement: [...g.placement, { cluster: "west" }] } : g,
        ),
        services: topology.services.map((svc) =>
          svc.product === "payments" ? { ...svc, clusters: [...svc.clusters, "west"] } : svc,
        ),
      },
      "payments gateway in west too",
    );
    const res = await stage({ percent: 10, ca });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(
      /Not every load balancer could be read \(cluster west is not registered in Portico\).*Nothing was saved/,
    );
  });
});
