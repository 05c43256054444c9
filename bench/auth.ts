// `npm run bench:auth`: how /api/health answers while 2,000 sign-in attempts arrive at once, each
// from its own address (the botnet case: no per-address wait spares any hashing).
//
// A fresh database; the real route handlers of POST /api/auth/sign-in and GET /api/health in a
// server process of their own (bench/auth-server.ts), the flood in another (bench/auth-flood.ts), and /api/health timed from here every 20 ms. Note: Next.js's routing is
// left out, so the figure is the sign-in path's effect on its neighbours rather than the cost of a
// production build on a shared machine. Prints one JSON line per figure (bench/report.ts).
//
// BENCH_AUTH_SERVER=next (`npm run bench:auth:next`) measures the same through the production build
// under `next start` (bench/next-server.ts: built first unless BENCH_SKIP_BUILD=1 finds a build), so
// every request also goes through Next.js's server, routing and proxy.ts, as a client sees it.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createBenchDatabase } from "./bench-database";
import { ensureNextBuild, startNextServer } from "./next-server";
import { emit, log, percentile } from "./report";
import { stopChildren } from "./stop-children";

const ATTEMPTS = Number(process.env.BENCH_AUTH_ATTEMPTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_AUTH_CONCURRENCY ?? 100);
const HEALTH_EVERY_MS = 20;
const SERVER = process.env.BENCH_AUTH_SERVER === "next" ? "next" : "handlers";

async function timeHealth(base: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/health`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
  return performance.now() - t0;
}

async function main() {
  const db = await createBenchDatabase("portico_bench_auth");
  process.env.DATABASE_URL = db.url;
  const { createUser } = await import("./auth-bench-user");
  const email = await createUser();
  // Request logs would cost the server's event loop as much as what they record.
  const serverEnv = { DATABASE_URL: db.url, PORTICO_LOG_LEVEL: "warn" };
  const children: ChildProcess[] = [];
  try {
    let base: string;
    if (SERVER === "next") {
      await ensureNextBuild();
      const started = await startNextServer(serverEnv);
      children.push(started.child);
      base = started.base;
    } else {
      const server = spawn("npx", ["tsx", "bench/auth-server.ts"], {
        env: { ...process.env, ...serverEnv },
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      });
      children.push(server);
      const [line] = (await once(server.stdout!, "data")) as [Buffer];
      base = `http://127.0.0.1:${(JSON.parse(line.toString()) as { port: number }).port}`;
    }
    log(`server (${SERVER === "next" ? "next start" : "route handlers"}): ${base}`);
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) idle.push(await timeHealth(base));

    const started = performance.now();
    const flood = spawn("npx", ["tsx", "bench/auth-flood.ts"], {
      env: {
        ...process.env,
        BENCH_AUTH_BASE: base,
        BENCH_AUTH_EMAIL: email,
        BENCH_AUTH_ATTEMPTS: String(ATTEMPTS),
        BENCH_AUTH_CONCURRENCY: String(CONCURRENCY),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    flood.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let done = false;
    const finished = once(flood, "exit").finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      during.push(await timeHealth(base));
      await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
    }
    await finished;
    const floodMs = performance.now() - started;
    const statuses = JSON.parse(output.trim() || "{}") as Record<string, number>;

    log(
      `flood: ${ATTEMPTS} attempts in ${(floodMs / 1000).toFixed(1)} s, answers ${JSON.stringify(statuses)}`,
    );
    log(`/api/health: ${during.length} probes during the flood, max ${Math.max(...during).toFixed(1)} ms`);
    emit("health_p95_ms_during_signin_flood", percentile(during, 0.95), "ms");
    emit("health_p95_ms_idle", percentile(idle, 0.95), "ms");
    emit("signin_flood_duration_ms", floodMs, "ms");
  } finally {
    await stopChildren(children, { groups: true });
    const { prisma } = await import("@/lib/db/client");
    await prisma.$disconnect();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
