// The worker as a whole: jobs enqueued with revisions, approved requests followed to their outcome,
// several workers at once, a worker killed with SIGKILL in the middle of a job, and the database
// dropping every connection. Each case ends with
// the newest revision observed in its cluster.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createRevision } from "@/lib/revisions/create-revision";
import type { Simulator } from "@/lib/sim";
import type { IsolatedDatabase } from "@/test/isolated-database";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { kubectlAvailable, kubectlItems } from "@/test/kubectl";
import { startWorker, type WorkerHandle } from "./worker";

process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = "1";
process.env.PORTICO_LOG_LEVEL = "silent";

const example = (file: string) => parse(readFileSync(path.join("docs/examples", file), "utf8"));
let sim: Simulator;
let iso: IsolatedDatabase;
let kubeconfig: string;
const runners: WorkerHandle[] = [];

function withMinReplicas(n: number) {
  const doc = example("01-payments-gateway.yaml");
  doc.gateways.find((g: { name: string }) => g.name === "payments-gateway").autoscaling.minReplicas = n;
  return doc;
}

async function revise(document: unknown, message: string) {
  return iso.db.$transaction((tx) => createRevision(tx, { document, message, actor: null }));
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err; // connections may be dropping in the case that tests exactly that
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

async function observed(cluster: string, revisionId: string) {
  const c = await iso.db.cluster.findUnique({ where: { name: cluster } });
  return c?.observedRevisionId === revisionId ? c : undefined;
}

const MANAGED_KINDS = [
  "namespaces",
  "serviceaccounts",
  "roles",
  "rolebindings",
  "deployments",
  "services",
  "poddisruptionbudgets",
  "horizontalpodautoscalers",
  "gateways.networking.istio.io",
  "virtualservices.networking.istio.io",
  "destinationrules.networking.istio.io",
  "serviceentries.networking.istio.io",
  "authorizationpolicies.security.istio.io",
  "requestauthentications.security.istio.io",
].join(",");

/** No object carrying Portico's label exists in the cluster outside Portico's inventory. */
async function expectNoOrphans(cluster: string) {
  if (!kubectlAvailable().ok) return;
  const live = await kubectlItems(kubeconfig, cluster, [
    MANAGED_KINDS,
    "-A",
    "-l",
    "app.kubernetes.io/managed-by=portico",
  ]);
  const inventory = await iso.db.inventoryObject.findMany({ where: { cluster: { name: cluster } } });
  const known = new Set(inventory.map((r) => `${r.kind}/${r.namespace}/${r.name}`));
  const orphans = live
    .map((o) => `${(o as unknown as { kind: string }).kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`)
    .filter((k) => !known.has(k));
  expect(orphans).toEqual([]);
  expect(live.length).toBeGreaterThan(0);
}

async function start(extra: Parameters<typeof startWorker>[0] = {}) {
  const r = await startWorker({
    connectionString: iso.url,
    pollInterval: 200,
    driftIntervalSeconds: 3600,
    livenessIntervalMs: 300,
    staleAfterMs: 1000,
    ...extra,
  });
  runners.push(r);
  return r;
}

async function stopAll() {
  await Promise.all(runners.splice(0).map((r) => r.stop().catch(() => undefined)));
}

let estate: SimulatedEstate;

beforeAll(async () => {
  estate = await startSimulatedEstate("worker");
  ({ sim, iso, kubeconfig } = estate);
}, 60_000);

afterAll(async () => {
  await stopAll();
  await estate?.stop();
});

describe("sync worker", () => {
  it("applies a revision through the queue and observes it in the cluster", async () => {
    await start();
    const rev = await revise(example("01-payments-gateway.yaml"), "Insert the Payments gateway");
    await waitFor("east to observe the revision", () => observed("east", rev.id));
    await expectNoOrphans("east");
    if (kubectlAvailable().ok) {
      const gws = await kubectlItems(kubeconfig, "east", ["gateways.networking.istio.io", "-n", "payments"]);
      expect(gws.map((g) => g.metadata.name)).toContain("payments-gateway");
    }
  });

  it("moves an approved request to applied once its cluster observed it, with nobody reading the request", async () => {
    await start();
    const team = await iso.db.team.upsert({
      where: { slug: "payments" },
      update: {},
      create: { slug: "payments", name: "Payments" },
    });
    const lead = await iso.db.user.create({ data: { email: "lead@worker.test", name: "Lead" } });
    // As an approval does: the revision and the approved request commit together.
    const request = await iso.db.$transaction(async (tx) => {
      const rev = await createRevision(tx, {
        document: withMinReplicas(2),
        message: "Approved request: Payments gateway",
        actor: null,
      });
      return tx.gatewayRequest.create({
        data: {
          teamId: team.id,
          requesterId: lead.id,
          productSlug: "payments",
          status: "approved",
          revisionId: rev.id,
          payload: { clusters: ["east"] },
        },
      });
    });
    await waitFor("the request to be applied", async () => {
      const row = await iso.db.gatewayRequest.findUnique({ where: { id: request.id } });
      return row?.status === "applied";
    });
    const event = await iso.db.auditEvent.findFirst({
      where: { targetType: "gateway-request", targetId: request.id, action: "request.applied" },
    });
    expect(event?.actorEmail).toBe("system");
  });

  it("with two workers, reconciles of one cluster never overlap and the last revision wins", async () => {
    await start();
    let last;
    for (let n = 2; n <= 6; n++) last = await revise(withMinReplicas(n), `minReplicas ${n}`);
    await waitFor("east to observe the last revision", () => observed("east", last!.id));
    await expectNoOrphans("east");
    const runs = await iso.db.syncRun.findMany({
      where: { cluster: { name: "east" } },
      orderBy: { startedAt: "asc" },
    });
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i - 1]!.finishedAt!.getTime()).toBeLessThanOrEqual(runs[i]!.startedAt.getTime());
    }
    await stopAll();
  });

  it("recovers the job of a worker killed with SIGKILL mid-sync", async () => {
    // Slow applies so the job is surely in flight when the worker dies.
    await sim.faults.set("east", { latencyMs: 1500, match: { verbs: ["patch"] } });
    // The worker as `npm run worker` starts it: bundled, under its heap budget.
    const child: ChildProcess = spawn("bash", ["scripts/worker.sh"], {
      env: { ...process.env, DATABASE_URL: iso.url, PORTICO_LOG_LEVEL: "silent" },
      stdio: "ignore",
      detached: true,
    });
    try {
      await waitFor(
        "the child worker to register",
        async () => (await iso.db.workerProcess.count()) > 0,
        30_000,
      );
      const rev = await revise(withMinReplicas(3), "Change while a worker dies");
      await waitFor("the child to start the sync", async () =>
        iso.db.syncRun.findFirst({ where: { revisionId: rev.id, outcome: "running" } }),
      );
      process.kill(-child.pid!, "SIGKILL");
      await sim.faults.clear("east");
      await start();
      await waitFor("east to observe the revision after the kill", () => observed("east", rev.id), 45_000);
      await expectNoOrphans("east");
      const interrupted = await iso.db.syncRun.findFirst({
        where: { revisionId: rev.id, errorKind: "interrupted" },
      });
      expect(interrupted).not.toBeNull();
      expect(await iso.db.workerProcess.count()).toBe(1); // only the live worker is left
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await stopAll();
    }
  }, 120_000);

  it("survives the database dropping every connection (as in a Postgres restart)", async () => {
    await start();
    const admin = new pg.Client({ connectionString: iso.url });
    await admin.connect();
    const dbName = new URL(iso.url).pathname.slice(1);
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [dbName],
    );
    await admin.end();
    const rev = await waitFor("a revision to be accepted after the drop", () =>
      revise(withMinReplicas(4), "After the restart"),
    );
    await waitFor("east to observe the revision after the drop", () => observed("east", rev.id), 60_000);
    await expectNoOrphans("east");
    await stopAll();
  }, 90_000);
});
