// POST /api/products/{slug}/probes through the real route handler: the newest revision's product,
// a registered simulated cluster whose gateways serve Portico's rendered step-1 objects, real TLS.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { renderCluster } from "@/lib/istio/render-cluster";
import { createRevision } from "@/lib/revisions/create-revision";
import type { Simulator } from "@/lib/sim";
import type { K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import { registerSimulatedCluster, startReferenceSimulator } from "./helpers/cutover-estate";
import { saveEnv } from "./helpers/saved-env";

let sim: Simulator;
let admin: Record<string, string>;
let ca: string;
const restoreEnv = saveEnv(["PORTICO_ALLOW_INSECURE_CLUSTERS"]);

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  sim = await startReferenceSimulator();
  const east = sim.clusters.find((c) => c.name === "east")!;
  await registerSimulatedCluster(sim, "east");
  const step1 = loadExample("01-payments-gateway");
  await prisma.$transaction((tx) => createRevision(tx, { document: step1, message: "step 1", actor: null }));
  const client = new ClusterClient(
    { name: "east", server: east.server, caData: east.ca, credentials: { token: east.token } },
    { allowInsecure: true },
  );
  for (const o of renderCluster(step1, "east").objects) await client.apply(o, { force: true });
  const cm = await client.get<K8sObject & { data: Record<string, string> }>(
    "v1",
    "ConfigMap",
    "istio-system",
    "my-company-demo-ca",
  );
  ca = cm!.data["ca.crt"]!;
  await client.close();
  const deadline = Date.now() + 10_000;
  while (
    !sim.dataPlane
      ?.plane("east")
      ?.describe()
      .some((g) => g.service === "payments/payments-gateway" && g.ports.includes(443))
  ) {
    if (Date.now() > deadline) throw new Error("payments-gateway does not serve");
    await new Promise((r) => setTimeout(r, 20));
  }
  admin = await sessionHeaders((await createUser([{ role: "platform_engineer" }])).id);
}, 120_000);

afterAll(async () => {
  restoreEnv();
  await sim?.stop();
  await prisma.$disconnect();
  await dropOwnDatabase();
});

const probe = (slug: string, body: unknown, headers = admin) =>
  callRoute("POST", "/api/products/[slug]/probes", { params: { slug }, body, headers });

describe("POST /api/products/{slug}/probes", () => {
  it("probes both gateways of every registered cluster and answers the comparison", async () => {
    const res = await probe("payments", { ca, budget: { totalMs: 20_000, concurrency: 4 } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ product: "payments", ok: true, summary: { calls: 1, same: 1 } });
    expect(body.results[0]).toMatchObject({
      cluster: "east",
      verdict: "same",
      shared: { status: 200, upstream: "payments/payments", tls: { verified: true } },
      product: { status: 200, upstream: "payments/payments", tls: { verified: true } },
    });
  });

  it("reports an access log's bad lines and the calls it added", async () => {
    const log = `10.0.0.7 - - [30/Nov/2026:10:00:00 +0000] "GET /v1/payments/9?x=1 HTTP/1.1" 200 12 "-" "curl/8.0" 210 0.004 [payments-payments-8080] [] 10.1.0.5:8080 12 0.004 200 f00\nnot a line\n`;
    const body = await (await probe("payments", { ca, accessLog: log })).json();
    expect(body.requestSet).toMatchObject({
      contract: 1,
      fromAccessLog: 1,
      accessLog: { nginx: 1, errors: 1 },
    });
    expect(body.summary).toMatchObject({ calls: 2, same: 2 });
  });

  it("answers 404 for an unknown product and 422 for unknown clusters or bad options", async () => {
    expect((await probe("no-such-product", {})).status).toBe(404);
    expect((await probe("payments", { clusters: ["nowhere"] })).status).toBe(422);
    expect((await probe("payments", { sharedService: "not a ref" })).status).toBe(400);
    expect((await probe("payments", { ca: "not pem" })).status).toBe(400);
  });

  it("is refused to roles that may not run migrations", async () => {
    const auditor = await sessionHeaders((await createUser([{ role: "auditor" }])).id);
    expect((await probe("payments", {}, auditor)).status).toBe(403);
  });
});
