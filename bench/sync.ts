// `npm run bench:sync`: the sync worker against 10 simulated clusters of 1,500 objects each.
//
// Three processes, as in production: the simulator (a child), the worker (a child, so its memory
// is its own) and this script, which records revisions in a fresh database and watches the clusters'
// observed revisions. Prints one JSON line per figure. Only loopback addresses are used. The
// clusters hold the teams' TLS Secrets and backends first (bench/deploy-team-workloads.ts), as real
// ones would: the sync holds routes back until those exist.
import { createRevision } from "@/lib/revisions/create-revision";
import { enqueueClusterSync } from "@/lib/revisions/enqueue-cluster-sync";
import { rssMb } from "./process-usage";
import { emit, log, percentile } from "./report";
import { startSyncEstate } from "./sync-estate";

const CLUSTERS = 10;
const PRODUCTS = 100; // 15 objects per product per cluster: 1,500 objects in each cluster
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);

async function main() {
  const estate = await startSyncEstate("portico_bench", { clusters: CLUSTERS, products: PRODUCTS });
  const { db, topology, admin, allObserved } = estate;

  try {
    const worker = estate.startWorker({
      PORTICO_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? String(CLUSTERS),
    });
    let peakRss = 0;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, rssMb(worker.pid!));
      } catch {
        // the worker is gone; the waits below will say so
      }
    }, 100);

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
    for (const name of estate.clusters) await admin("DELETE", `/_sim/clusters/${name}/counters`);
    const runsBefore = await db.syncRun.count();
    t = performance.now();
    await db.$transaction(async (tx) => {
      for (const name of estate.clusters) await enqueueClusterSync(tx, name, "manual");
    });
    for (;;) {
      const done = await db.syncRun.count({ where: { finishedAt: { not: null } } });
      if (done >= runsBefore + CLUSTERS) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    emit("resync_unchanged_ms", performance.now() - t, "ms");
    let writes = 0;
    for (const name of estate.clusters) {
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
    await estate.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
