// Facts checked before traffic moves, against simulated clusters over real HTTP: the reference
// scenario started without the Payments TLS Secret and with the payments backend at zero replicas.
// The Payments route and mesh entry wait with the reasons; kubectl creating the Secret and scaling
// the backend heals on the next sync, and the worker retries waiting objects by itself.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { createLogger } from "@/lib/log/logger";
import { createRevision } from "@/lib/revisions/create-revision";
import { generateCa, issueServerCertificate } from "@/lib/sim/tls";
import { reconcileCluster } from "@/lib/sync/reconcile-cluster";
import { startWorker, type WorkerHandle } from "@/lib/sync/worker";
import { kubectl, kubectlAvailable, kubectlItems } from "@/test/kubectl";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { readProductFacts } from "./read-product-facts";

process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = "1";

const example = (file: string) => parse(readFileSync(path.join("docs/examples", file), "utf8"));
const log = createLogger({ name: "test", level: "silent" });
const kubectlState = kubectlAvailable();

let estate: SimulatedEstate;

beforeAll(async () => {
  estate = await startSimulatedEstate("facts", {
    faults: { omitSecrets: ["payments/payments-tls"], zeroReplicas: ["payments/payments"] },
  });
});

afterAll(async () => {
  await estate?.stop();
});

async function revise(document: unknown, message: string) {
  return estate.iso.db.$transaction((tx) => createRevision(tx, { document, message, actor: null }));
}

async function reconcile(cluster: string) {
  const row = await estate.iso.db.cluster.findUniqueOrThrow({ where: { name: cluster } });
  const client = openClusterClient(row, { allowInsecure: true, retry: { maxAttempts: 2, baseDelayMs: 5 } });
  try {
    return (await reconcileCluster(estate.iso.db, client, cluster, log, { reason: "revision" }))!;
  } finally {
    await client.close();
  }
}

async function row(kind: string, namespace: string, name: string) {
  return estate.iso.db.inventoryObject.findFirstOrThrow({
    where: { kind, namespace, name, cluster: { name: "east" } },
  });
}

/** A TLS Secret made the way an operator would: kubectl create secret tls, from PEM files. */
async function createTlsSecret(namespace: string, name: string) {
  const ca = generateCa("facts-test-ca");
  const pair = issueServerCertificate(ca, "facts-test-ca", "payments.my-company.io", {
    dns: ["payments.my-company.io"],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-facts-tls-"));
  writeFileSync(path.join(dir, "tls.crt"), pair.cert);
  writeFileSync(path.join(dir, "tls.key"), pair.key);
  await kubectl(estate.kubeconfig, "east", [
    "-n",
    namespace,
    "create",
    "secret",
    "tls",
    name,
    `--cert=${path.join(dir, "tls.crt")}`,
    `--key=${path.join(dir, "tls.key")}`,
  ]);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("facts before traffic moves", () => {
  it("has kubectl to create the Secret and scale the backend (fails under CI when missing)", () => {
    if (!kubectlState.ok) {
      console.warn(`\n!!! kubectl steps of lib/cutover did not run: ${kubectlState.why}\n`);
      if (process.env.CI === "true") throw new Error(kubectlState.why);
    }
  });

  it("holds back the Payments route and mesh entry, saying why; everything else is applied", async () => {
    const rev = await revise(example("01-payments-gateway.yaml"), "Insert the product gateways");
    estate.sim.counters.reset("east");
    const summary = await reconcile("east");
    expect(summary.errors).toBe(0);
    expect(summary.waiting).toBe(2);

    const route = await row("VirtualService", "payments", "payments");
    expect(route.status).toBe("waiting");
    expect(route.message).toMatch(/^waiting: /);
    expect(route.message).toContain(
      "gateway payments/payments-gateway: its TLS Secret payments-tls (credentialName) does not exist in namespace payments",
    );
    expect(route.message).toContain("backend payments/payments has no ready endpoints");
    expect(route.lastAppliedAt).toBeNull();
    const entry = await row("ServiceEntry", "payments", "payments-gateway-mesh");
    expect(entry.status).toBe("waiting");
    expect(entry.message).toContain("payments-tls");
    // The gateway itself and Analytics (whose Secret and backends are there) go ahead.
    expect((await row("Deployment", "payments", "payments-gateway")).status).toBe("synced");
    expect((await row("VirtualService", "analytics-gateway", "analytics")).status).toBe("synced");

    // Never reported as holding the revision while objects wait.
    const east = await estate.iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } });
    expect(east.observedRevisionId).not.toBe(rev.id);
    expect(east.statusMessage).toMatch(/2 waiting/);
    const run = await estate.iso.db.syncRun.findFirstOrThrow({
      where: { clusterId: east.id },
      orderBy: { startedAt: "desc" },
    });
    expect(run.outcome).toBe("partial");

    // Secrets were only ever read as metadata.
    const counters = estate.sim.counters.get("east");
    expect(counters.byVerbResource["get secrets"]).toBeGreaterThan(0);
    expect(counters.metadataOnly["get secrets"]).toBe(counters.byVerbResource["get secrets"]);
    expect(counters.byVerbResource["list secrets"]).toBeUndefined();

    if (kubectlState.ok) {
      const routes = await kubectlItems(estate.kubeconfig, "east", [
        "virtualservices.networking.istio.io",
        "-n",
        "payments",
      ]);
      expect(routes.map((r) => r.metadata.name)).not.toContain("payments");
    }
  });

  it("lists each fact per cluster with ok or failed and why", async () => {
    const facts = await readProductFacts(estate.iso.db, "payments", { allowInsecure: true });
    expect(facts.ok).toBe(false);
    expect(facts.clusters.map((c) => c.cluster)).toEqual(["east"]);
    const east = facts.clusters[0]!;
    expect(east.reachable).toBe(true);
    const verdict = (kind: string, subject: string) =>
      east.facts.find((f) => f.kind === kind && `${f.namespace}/${f.name}` === subject);
    expect(verdict("tls-secret", "payments/payments-tls")).toMatchObject({ ok: false });
    expect(verdict("backend-endpoints", "payments/payments")).toMatchObject({ ok: false });
    expect(verdict("gateway-deployment", "payments/payments-gateway")).toMatchObject({ ok: true });
    expect(verdict("gateway-address", "payments/payments-gateway")?.ok).toBe(true);
    expect(verdict("gateway-address", "payments/payments-gateway")?.message).toMatch(
      /load-balancer address \S+/,
    );
    // Istio output: no Gateway API Gateway to judge.
    expect(east.facts.some((f) => f.kind === "gateway-api-status")).toBe(false);
    // Analytics has all it needs.
    const analytics = await readProductFacts(estate.iso.db, "analytics", { allowInsecure: true });
    expect(analytics.ok).toBe(true);
    await expect(readProductFacts(estate.iso.db, "no-such-product")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it.runIf(kubectlState.ok)(
    "heals on the next sync once the Secret exists and the backend runs",
    async () => {
      await createTlsSecret("payments", "payments-tls");
      let summary = await reconcile("east");
      expect(summary.waiting).toBe(2);
      const route = await row("VirtualService", "payments", "payments");
      expect(route.message).not.toContain("payments-tls");
      expect(route.message).toContain("backend payments/payments has no ready endpoints");

      await kubectl(estate.kubeconfig, "east", [
        "-n",
        "payments",
        "scale",
        "deployment",
        "payments",
        "--replicas=1",
      ]);
      await waitFor("ready endpoints of payments", async () => {
        const facts = await readProductFacts(estate.iso.db, "payments", { allowInsecure: true });
        return facts.ok;
      });
      summary = await reconcile("east");
      expect(summary.waiting).toBe(0);
      expect(summary.applied).toBe(2);
      expect((await row("VirtualService", "payments", "payments")).status).toBe("synced");
      expect((await row("ServiceEntry", "payments", "payments-gateway-mesh")).status).toBe("synced");
      const newest = await estate.iso.db.revision.findFirstOrThrow({ orderBy: { number: "desc" } });
      expect(
        (await estate.iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } })).observedRevisionId,
      ).toBe(newest.id);
      const routes = await kubectlItems(estate.kubeconfig, "east", [
        "virtualservices.networking.istio.io",
        "-n",
        "payments",
      ]);
      expect(routes.map((r) => r.metadata.name)).toContain("payments");
    },
  );

  it.runIf(kubectlState.ok)(
    "the worker retries waiting objects with backoff until their facts hold",
    async () => {
      // Payments in west (step 3): west's payments backend is scaled to zero by hand first.
      await kubectl(estate.kubeconfig, "west", [
        "-n",
        "payments",
        "scale",
        "deployment",
        "payments",
        "--replicas=0",
      ]);
      let worker: WorkerHandle | undefined;
      try {
        worker = await startWorker({
          connectionString: estate.iso.url,
          pollInterval: 100,
          driftIntervalSeconds: 3600,
          waitingBackoff: { baseMs: 200, maxMs: 400 },
        });
        const rev = await revise(example("03-payments-west.yaml"), "Payments in west");
        const west = await estate.iso.db.cluster.findUniqueOrThrow({ where: { name: "west" } });
        const waiting = await waitFor("a waiting object in west", () =>
          estate.iso.db.inventoryObject.findFirst({ where: { clusterId: west.id, status: "waiting" } }),
        );
        expect(waiting.message).toContain("backend payments/payments has no ready endpoints");
        // Retried by itself: several runs while waiting, none of them holding the revision.
        await waitFor(
          "a second run while waiting",
          async () =>
            (await estate.iso.db.syncRun.count({ where: { clusterId: west.id, revisionId: rev.id } })) >= 2,
        );
        expect(
          (await estate.iso.db.cluster.findUniqueOrThrow({ where: { id: west.id } })).observedRevisionId,
        ).not.toBe(rev.id);
        await kubectl(estate.kubeconfig, "west", [
          "-n",
          "payments",
          "scale",
          "deployment",
          "payments",
          "--replicas=1",
        ]);
        await waitFor("west to hold the revision", async () => {
          const c = await estate.iso.db.cluster.findUniqueOrThrow({ where: { id: west.id } });
          return c.observedRevisionId === rev.id;
        });
        expect(
          await estate.iso.db.inventoryObject.count({
            where: { clusterId: west.id, status: { not: "synced" } },
          }),
        ).toBe(0);
      } finally {
        await worker?.stop();
      }
    },
  );
});
