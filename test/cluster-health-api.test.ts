// Cluster health is a fact with a time: GET /api/clusters/{name} says "reachable · last contact N s
// ago" after a sync that had nothing to apply (the sync still called the API server), and once the
// server is gone the worker's drift sweep finds out and the API says since when and why it is
// unreachable, within one drift-sweep interval. The real worker, its cron and a real simulator.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import type { ClusterHealth } from "@/lib/clusters/cluster-health";
import { prisma } from "@/lib/db/client";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { createLogger } from "@/lib/log/logger";
import { enqueueClusterSync } from "@/lib/revisions/enqueue-cluster-sync";
import { startSimulator, type Simulator } from "@/lib/sim";
import { reconcileCluster } from "@/lib/sync/reconcile-cluster";
import { TransientSyncError } from "@/lib/sync/transient-sync-error";
import { startWorker, type WorkerHandle } from "@/lib/sync/worker";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";

process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = "1";
process.env.PORTICO_LOG_LEVEL = "silent";

// Note: graphile-worker's cron ticks once a minute, so the shortest sweep interval the worker can
// keep is one minute; the test waits for the real tick.
const DRIFT_INTERVAL_S = 60;

let sim: Simulator;
let worker: WorkerHandle | undefined;
let reader: Record<string, string>;
const name = `edge-${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  sim = await startSimulator({ clusters: [`${name}=eu-west-1a`], port: 0, deploymentReadyDelayMs: 0 });
  const c = sim.clusters[0]!;
  await insertCluster(prisma, { name, server: c.server, caData: c.ca ?? null }, { token: c.token });
  reader = await sessionHeaders((await createUser([{ role: "auditor" }])).id);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await sim?.stop().catch(() => undefined);
  await prisma.$disconnect();
  await dropOwnDatabase();
});

async function health(): Promise<ClusterHealth> {
  const res = await callRoute("GET", "/api/clusters/[name]", { params: { name }, headers: reader });
  expect(res.status).toBe(200);
  return ((await res.json()) as { cluster: { health: ClusterHealth } }).cluster.health;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("cluster health", () => {
  it("is never healthy before a contact, reachable after a sync with nothing to apply, unreachable within one sweep interval of the server going down", async () => {
    const before = await health();
    expect(before.state).toBe("never-contacted");
    expect(before.reachable).toBe(false);

    worker = await startWorker({
      connectionString: OWN_DATABASE_URL,
      concurrency: 1,
      pollInterval: 100,
      driftIntervalSeconds: DRIFT_INTERVAL_S,
      jobTimeoutMs: 20_000,
    });
    // No revision exists: the sync has nothing to apply, and still asks the API server.
    await prisma.$transaction((tx) => enqueueClusterSync(tx, name, "manual"));
    const reachable = await until(
      "the sync to reach the cluster",
      async () => {
        const h = await health();
        return h.state === "healthy" ? h : undefined;
      },
      30_000,
    );
    expect(reachable.reachable).toBe(true);
    expect(reachable.summary).toMatch(/^reachable · last contact \d+ s ago$/);
    expect(reachable.lastContactAgeSeconds).toBeLessThan(30);

    // The API server goes away; nothing is enqueued by hand: the worker's drift sweep finds out.
    await sim.stop();
    const stoppedAt = Date.now();
    const down = await until(
      "the drift sweep to find the cluster unreachable",
      async () => {
        const h = await health();
        return h.state === "unreachable" ? h : undefined;
      },
      (DRIFT_INTERVAL_S + 30) * 1000,
    );
    // One interval, plus the time the failing call takes to give up.
    expect(Date.now() - stoppedAt).toBeLessThan((DRIFT_INTERVAL_S + 20) * 1000);
    expect(down.reachable).toBe(false);
    expect(down.summary).toMatch(
      /^unreachable since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: .+ \(last contact \d+ s ago\)$/,
    );
    expect(new Date(down.unreachableSince!).getTime()).toBeGreaterThanOrEqual(stoppedAt - 1000);
    expect(new Date(down.lastContactAt!).getTime()).toBeLessThanOrEqual(stoppedAt);

    const list = await callRoute("GET", "/api/clusters", { headers: reader });
    const listed = ((await list.json()) as { clusters: { name: string; health: ClusterHealth }[] }).clusters;
    expect(listed.find((c) => c.name === name)?.health.state).toBe("unreachable");
  }, 180_000);

  it("keeps the instant the cluster became unreachable while later syncs keep failing", async () => {
    await worker?.stop();
    worker = undefined;
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
    expect(row.contactFailedSince).not.toBeNull();
    const client = new ClusterClient(
      { name, server: row.server, caData: row.caData, credentials: { token: "unused" } },
      { allowInsecure: true, timeoutMs: 2_000 },
    );
    try {
      await expect(
        reconcileCluster(prisma, client, name, createLogger({ name: "test" }), { reason: "drift-sweep" }),
      ).rejects.toBeInstanceOf(TransientSyncError);
    } finally {
      await client.close();
    }
    const after = await prisma.cluster.findUniqueOrThrow({ where: { name } });
    expect(after.contactFailedSince).toEqual(row.contactFailedSince);
    expect(after.contactError).toBeTruthy();
    expect((await health()).state).toBe("unreachable");
  }, 60_000);
});
