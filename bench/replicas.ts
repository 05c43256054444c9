// `npm run bench:replicas`: what a second web replica and a second sync worker buy on this machine,
// each measured side by side with one.
//
// (web) The release bundle's `node server.js` (built by `npm run release` when release/ is missing)
//     serving a fresh database with the demo users and a synthetic estate of 100 products x 3
//     clusters as the newest revision. A loopback round-robin proxy in a process of its own stands
//     in front of one replica, then of two (the same proxy both times, so both figures pay for it).
//     autocannon, closed loop: CONNECTIONS connections each sending its next request as soon as the
//     previous one is answered, cycling through a fixed mix of GETs with a bearer API token
//     (/api/revisions?limit=20, /api/clusters, /api/migrations, and /api/revisions/N, the document
//     the topology page loads). WARMUP_S seconds unmeasured, then DURATION_S seconds measured:
//     web_rps_* is the answers per second (all 2xx or the run fails), web_p95_ms_* the p95 of their
//     response times at that load, web_requests_per_cpu_s_* the answers per second of CPU the web
//     processes used (/proc), which depends much less than the others on what else runs.
// (sync) The estate of bench:sync (10 simulated clusters, 100 products in each, 15,000 objects, the
//     teams' Secrets and backends deployed first), a fresh one for each configuration; one worker,
//     then two, each with the default PORTICO_WORKER_CONCURRENCY (4), then one with 8 (the two
//     workers' concurrency in one process), registered before the timer starts.
//     sync_objects_per_s_* is the objects of the first sync (all applied, none waiting) divided by
//     the time from the revision's commit until every cluster observed it;
//     sync_objects_per_worker_cpu_s_* the same objects per second of CPU the workers used.
//
// BENCH_PARTS=web or BENCH_PARTS=sync runs one part. Only loopback addresses are used.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { createPrismaClient } from "@/lib/db/client";
import { DEMO_PASSWORD, SEED_USERS } from "@/lib/db/seed";
import { createRevision } from "@/lib/revisions/create-revision";
import {
  copyRelease,
  ensureRelease,
  freePort,
  RELEASE_NODE,
  sessionHeaders,
  startNode,
  stopChild,
  waitFor,
  type NodeProcess,
} from "@/test/helpers/release-processes";
import { createBenchDatabase } from "./bench-database";
import { cpuSeconds } from "./process-usage";
import { emit, log, percentile } from "./report";
import { stopChildren } from "./stop-children";
import { startSyncEstate } from "./sync-estate";
import { seedWebEstate } from "./web-estate";

const PARTS = (process.env.BENCH_PARTS ?? "web,sync").split(",");
const WEB_PRODUCTS = 100;
const WEB_CLUSTERS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WARMUP_S = 5;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const SYNC_CLUSTERS = 10;
const SYNC_PRODUCTS = 100;
const SYNC_CONCURRENCY = 4; // PORTICO_WORKER_CONCURRENCY's default

// Note: set before anything seals a cluster's credentials, and given to the web replicas, which
// refuse to start in production without it.
process.env.PORTICO_ENCRYPTION_KEYS ??= `bench:${randomBytes(32).toString("base64")}`;

/** The GETs every connection cycles through. */
const mix = (revision: number) => [
  "/api/revisions?limit=20",
  "/api/clusters",
  "/api/migrations",
  `/api/revisions/${revision}`,
];

function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
}

/** A web replica: `node server.js` of the release bundle on a loopback port. */
type Web = NodeProcess & { port: number };

/** A bearer token of the seeded admin, made through the API as a person would. */
async function adminToken(web: string): Promise<string> {
  const admin = SEED_USERS.find((u) => u.role === "admin")!;
  const signIn = await fetch(`${web}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: admin.email, password: DEMO_PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const res = await fetch(`${web}/api/tokens`, {
    method: "POST",
    headers: sessionHeaders(signIn, web),
    body: JSON.stringify({ name: "bench", role: "admin" }),
  });
  if (!res.ok) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Closed-loop load through the round-robin proxy in front of `upstreams`. */
async function measureWeb(proxyPort: number, webs: Web[], token: string, revision: number) {
  const upstreams = webs.map((w) => w.port);
  const proxy = spawn(
    process.execPath,
    ["--import", "tsx", "bench/round-robin-proxy-cli.ts", String(proxyPort), ...upstreams.map(String)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  // Its stdout: {"port"} once listening, {"served"} once told to stop.
  const lines: string[] = [];
  const rl = createInterface({ input: proxy.stdout! });
  rl.on("line", (l) => lines.push(l));
  const lineArrived = () =>
    new Promise<void>((resolve, reject) => {
      rl.once("line", () => resolve());
      proxy.once("close", (code) => reject(new Error(`the proxy exited (${code})`)));
    });
  try {
    await lineArrived();
    const load = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${proxyPort}`,
        connections: CONNECTIONS,
        duration,
        headers: { authorization: `Bearer ${token}` },
        requests: mix(revision).map((p) => ({ method: "GET", path: p })),
      });
    await load(WARMUP_S);
    const times: number[] = [];
    let non2xx = 0;
    const cpu = () => webs.reduce((sum, w) => sum + cpuSeconds(w.child.pid!), 0);
    const [started, cpuBefore, proxyCpuBefore] = [performance.now(), cpu(), cpuSeconds(proxy.pid!)];
    const run = load(DURATION_S);
    run.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
      times.push(ms);
      if (status < 200 || status >= 300) non2xx += 1;
    });
    const result = await run;
    const seconds = (performance.now() - started) / 1000;
    const [webCpu, proxyCpu] = [cpu() - cpuBefore, cpuSeconds(proxy.pid!) - proxyCpuBefore];
    if (non2xx > 0 || result.errors > 0)
      throw new Error(`${non2xx} answers were not 2xx and ${result.errors} requests failed`);
    const served = lineArrived();
    proxy.kill("SIGTERM");
    await served;
    const counts = (JSON.parse(lines[1]!) as { served: number[] }).served;
    const figures = {
      rps: times.length / seconds,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      perCpuSecond: times.length / webCpu,
    };
    log(
      `${upstreams.length} replica(s): ${Math.round(figures.rps)} req/s, p50 ${Math.round(figures.p50)} ms, p95 ${Math.round(figures.p95)} ms, ` +
        `p99 ${result.latency.p99} ms; answered per replica (warm-up included): ${counts.join(" / ")}; ` +
        `CPU: web ${webCpu.toFixed(1)} s, proxy ${proxyCpu.toFixed(1)} s in ${seconds.toFixed(1)} s; load average ${loadAverage()}`,
    );
    return figures;
  } finally {
    await stopChildren([proxy]);
  }
}

async function webPart() {
  await ensureRelease();
  const dir = copyRelease();
  const { url, drop } = await createBenchDatabase("portico_bench_replicas");
  const db = createPrismaClient(url);
  const webs: Web[] = [];
  try {
    const { revision } = await seedWebEstate(db, WEB_PRODUCTS, WEB_CLUSTERS);
    const [proxyPort, ...webPorts] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      PATH: path.dirname(RELEASE_NODE),
      NODE_ENV: "production",
      DATABASE_URL: url,
      HOSTNAME: "127.0.0.1",
      PORTICO_PUBLIC_URL: `http://127.0.0.1:${proxyPort}`,
      PORTICO_ENCRYPTION_KEYS: process.env.PORTICO_ENCRYPTION_KEYS,
      PORTICO_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const startWeb = async (port: number) => {
      const web = { ...startNode(dir, "server.js", { ...env, PORT: String(port) }, `web on ${port}`), port };
      webs.push(web);
      await waitFor(
        `the web replica on ${port} to be ready`,
        async () => (await fetch(`http://127.0.0.1:${port}/api/health/ready`)).ok,
        90_000,
        web.output,
      );
    };

    await startWeb(webPorts[0]!);
    const token = await adminToken(`http://127.0.0.1:${webPorts[0]}`);
    const one = await measureWeb(proxyPort, webs.slice(0, 1), token, revision);
    await startWeb(webPorts[1]!);
    const two = await measureWeb(proxyPort, webs, token, revision);
    // Where the time goes (stderr only): each GET of the mix alone, one at a time, on one replica.
    for (const p of mix(revision)) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${webPorts[0]}${p}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        bytes = (await res.arrayBuffer()).byteLength;
        times.push(performance.now() - t);
      }
      log(`${p}: median ${Math.round(percentile(times, 0.5))} ms alone, ${Math.round(bytes / 1024)} KB`);
    }
    emit("web_rps_1_replica", one.rps, "req/s");
    emit("web_rps_2_replicas", two.rps, "req/s");
    emit("web_p95_ms_1_replica", one.p95, "ms");
    emit("web_p95_ms_2_replicas", two.p95, "ms");
    // What a replica serves per second of CPU it gets: the figure to size by on a busy machine.
    emit("web_requests_per_cpu_s_1_replica", one.perCpuSecond, "req/cpu-s");
    emit("web_requests_per_cpu_s_2_replicas", two.perCpuSecond, "req/cpu-s");
  } finally {
    await Promise.all(webs.map((w) => stopChild(w.child)));
    rmSync(dir, { recursive: true, force: true });
    await db.$disconnect();
    await drop();
  }
}

/**
 * The first sync of a fresh estate by `workers` workers of `concurrency` each: objects applied per
 * second of wall-clock time and per second of the workers' CPU.
 */
async function measureSync(workers: number, concurrency = SYNC_CONCURRENCY) {
  const estate = await startSyncEstate("portico_bench_workers", {
    clusters: SYNC_CLUSTERS,
    products: SYNC_PRODUCTS,
  });
  const { db } = estate;
  try {
    // One at a time: each run of scripts/worker.sh bundles the worker into the same file first.
    const pids: number[] = [];
    for (let i = 1; i <= workers; i++) {
      pids.push(estate.startWorker({ PORTICO_WORKER_CONCURRENCY: String(concurrency) }).pid!);
      await waitFor(
        `worker ${i} to register`,
        async () => (await db.workerProcess.count()) === i,
        60_000,
        () => "",
      );
    }
    // Note: scripts/worker.sh ends in `exec node`, so each pid is the worker's Node process.
    const cpu = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const [t, cpuBefore, simCpuBefore] = [performance.now(), cpu(), cpuSeconds(estate.simPid)];
    const revision = await db.$transaction((tx) =>
      createRevision(tx, { document: estate.topology, message: "bench: first sync", actor: null }),
    );
    await estate.allObserved(revision.id, 600_000);
    const seconds = (performance.now() - t) / 1000;
    const [workerCpu, simCpu] = [cpu() - cpuBefore, cpuSeconds(estate.simPid) - simCpuBefore];
    const objects = await db.inventoryObject.count({ where: { status: "synced" } });
    const expected = SYNC_CLUSTERS * SYNC_PRODUCTS * 15;
    if (objects !== expected) throw new Error(`${objects} objects synced, not ${expected}`);
    const waiting = await db.syncRun.count({ where: { outcome: "partial" } });
    if (waiting > 0)
      throw new Error(`${waiting} sync runs left objects waiting; the figure would mix in retries`);
    log(
      `${workers} worker(s) x concurrency ${concurrency}: ${objects} objects in ${seconds.toFixed(1)} s; ` +
        `CPU: workers ${workerCpu.toFixed(1)} s, simulator ${simCpu.toFixed(1)} s; load average ${loadAverage()}`,
    );
    return { perSecond: objects / seconds, perCpuSecond: objects / workerCpu };
  } finally {
    await estate.stop();
  }
}

async function main() {
  log(`load average at the start: ${loadAverage()}`);
  if (PARTS.includes("web")) await webPart();
  if (PARTS.includes("sync")) {
    const one = await measureSync(1);
    const two = await measureSync(2);
    // The same concurrency as two workers, in one process: what the second process itself adds.
    const oneAt8 = await measureSync(1, 2 * SYNC_CONCURRENCY);
    emit("sync_objects_per_s_1_worker", one.perSecond, "objects/s");
    emit("sync_objects_per_s_2_workers", two.perSecond, "objects/s");
    emit("sync_objects_per_s_1_worker_concurrency_8", oneAt8.perSecond, "objects/s");
    emit("sync_objects_per_worker_cpu_s_1_worker", one.perCpuSecond, "objects/cpu-s");
    emit("sync_objects_per_worker_cpu_s_2_workers", two.perCpuSecond, "objects/cpu-s");
  }
  log(`load average at the end: ${loadAverage()}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
