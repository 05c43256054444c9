// `npm run bench:sync`: the sync worker against 10 simulated clusters of 1,500 objects each.
//
// Three processes, as in production: the simulator (a child), the worker (a child, so its memory
// is its own) and this script, which records revisions in a fresh database and watches the clusters'
// observed revisions. Prints one JSON line per figure. Only loopback addresses are used. The
// clusters hold the teams' TLS Secrets and backends first (bench/deploy-team-workloads.ts), as real
// ones would: the sync holds routes back until those exist.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { KubeConfig } from "@kubernetes/client-node";
import { sealClusterCredentials } from "@/lib/clusters/cluster-credentials";
import { createPrismaClient } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { enqueueClusterSync } from "@/lib/revisions/enqueue-cluster-sync";
import { syntheticTopology } from "@/lib/topology/synthetic";
import { createBenchDatabase } from "./bench-database";
import { deployTeamWorkloads } from "./deploy-team-workloads";
import { emit, log, percentile } from "./report";
import { stopChildren } from "./stop-children";

const CLUSTERS = 10;
const PRODUCTS = 100; // 15 objects per product per cluster: 1,500 objects in each cluster
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);

function startChild(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const rl = createInterface({ input: child.stdout! });
  for await (const line of rl) return line;
  throw new Error("child exited before it was ready");
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main() {
  const { url, drop } = await createBenchDatabase("portico_bench");
  const db = createPrismaClient(url);
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  const children: ChildProcess[] = [];

  try {
    const names = Array.from({ length: CLUSTERS }, (_, i) => `c${i}=region-${i}a`);
    const sim = startChild(
      [
        "lib/sim/cli.ts",
        "--clusters",
        names.join(","),
        "--port",
        "0",
        "--kubeconfig",
        kubeconfig,
        "--ready-delay",
        "0",
      ],
      {},
    );
    children.push(sim);
    const ready = JSON.parse(await firstLine(sim)) as { admin: { url: string; token: string } };
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    for (const ctx of kc.getContexts()) {
      const c = kc.getCluster(ctx.cluster)!;
      const id = randomUUID();
      await db.cluster.create({
        data: {
          id,
          name: ctx.name,
          server: c.server,
          caData: c.caData ?? null,
          ...sealClusterCredentials(id, { token: kc.getUser(ctx.user)!.token! }),
        },
      });
    }
    // The teams' TLS Secrets and backends, before Portico: the routes and mesh entries of the first
    // sync then go out with their gateways instead of waiting for facts that never come.
    const topology = syntheticTopology(PRODUCTS, CLUSTERS);
    const connections = kc.getContexts().map((ctx) => ({
      name: ctx.name,
      server: kc.getCluster(ctx.cluster)!.server,
      caData: kc.getCluster(ctx.cluster)!.caData ?? null,
      credentials: { token: kc.getUser(ctx.user)!.token! },
    }));
    const t0 = performance.now();
    const deployed = await deployTeamWorkloads(topology, connections);
    log(`teams' workloads: ${deployed} objects in ${Math.round(performance.now() - t0)} ms`);

    const admin = async (method: string, p: string) => {
      const res = await fetch(`${ready.admin.url}${p}`, {
        method,
        headers: { authorization: `Bearer ${ready.admin.token}` },
      });
      return res.status === 204 ? null : ((await res.json()) as unknown);
    };

    // The worker as `npm run worker` runs it: bundled, with its heap budget (scripts/worker.sh).
    const worker = spawn("bash", ["scripts/worker.sh"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORTICO_ALLOW_INSECURE_CLUSTERS: "1",
        PORTICO_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? String(CLUSTERS),
        PORTICO_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(worker);
    let peakRss = 0;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, rssMb(worker.pid!));
      } catch {
        // the worker is gone; the waits below will say so
      }
    }, 100);

    const allObserved = async (revisionId: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const n = await db.cluster.count({ where: { observedRevisionId: revisionId } });
        if (n === CLUSTERS) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`clusters did not observe revision ${revisionId} within ${timeoutMs} ms`);
    };
    const revise = (doc: unknown, message: string) =>
      db.$transaction((tx) => createRevision(tx, { document: doc, message, actor: null }));

    // 1. First sync: every object created in every cluster.
    log(`first sync of ${CLUSTERS} clusters x ${PRODUCTS * 15} objects...`);
    let t = performance.now();
    const first = await revise(topology, "bench: first sync");
    await allObserved(first.id, 300_000);
    emit("first_sync_10x1500_ms", performance.now() - t, "ms");
    const objects = await db.inventoryObject.count({ where: { status: "synced" } });
    emit("first_sync_objects", objects, "objects");
    // Runs that left objects waiting for a fact (retried with backoff): 0 when the teams' Secrets and
    // backends are there, as they should be.
    emit("first_sync_waiting_runs", await db.syncRun.count({ where: { outcome: "partial" } }), "runs");

    // 2. Resync with nothing changed: every cluster reconciled, nothing written.
    for (const name of kc.getContexts().map((c) => c.name))
      await admin("DELETE", `/_sim/clusters/${name}/counters`);
    const runsBefore = await db.syncRun.count();
    t = performance.now();
    await db.$transaction(async (tx) => {
      for (const c of kc.getContexts()) await enqueueClusterSync(tx, c.name, "manual");
    });
    for (;;) {
      const done = await db.syncRun.count({ where: { finishedAt: { not: null } } });
      if (done >= runsBefore + CLUSTERS) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    emit("resync_unchanged_ms", performance.now() - t, "ms");
    let writes = 0;
    for (const name of kc.getContexts().map((c) => c.name)) {
      const counters = (await admin("GET", `/_sim/clusters/${name}/counters`)) as {
        byVerb: Record<string, number>;
      };
      for (const [verb, n] of Object.entries(counters.byVerb))
        if (!["get", "list", "watch"].includes(verb)) writes += n;
    }
    emit("resync_unchanged_writes", writes, "writes");

    // 3. One product change at a time: accepted (committed) → observed in each cluster it runs in.
    // The product runs in all ten clusters, so each change yields ten per-cluster latencies, and
    // one "all ten clusters observed it" latency.
    const perCluster: number[] = [];
    const allClusters: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const doc = structuredClone(topology);
      const gw = doc.gateways[i % PRODUCTS]!;
      gw.autoscaling = { ...gw.autoscaling!, minReplicas: 3 + (i % 2), maxReplicas: 6 };
      const rev = await revise(doc, `bench: change ${i}`);
      t = performance.now();
      const seen = new Set<string>();
      const deadline = Date.now() + 60_000;
      while (seen.size < CLUSTERS) {
        if (Date.now() > deadline) throw new Error(`change ${i} not observed everywhere within 60 s`);
        for (const c of await db.cluster.findMany({
          where: { observedRevisionId: rev.id },
          select: { name: true },
        })) {
          if (!seen.has(c.name)) {
            seen.add(c.name);
            perCluster.push(performance.now() - t);
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      allClusters.push(performance.now() - t);
    }
    emit("change_observed_p50_ms", percentile(perCluster, 0.5), "ms");
    emit("change_observed_p95_ms", percentile(perCluster, 0.95), "ms");
    emit("change_observed_all_clusters_p95_ms", percentile(allClusters, 0.95), "ms");

    clearInterval(sampler);
    emit("worker_rss_mb", peakRss, "MB");
  } finally {
    // The worker finishes its jobs and closes its connections before the database is dropped.
    await stopChildren(children);
    await db.$disconnect();
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
