// The production build under `next start` on a free loopback port, as benchmarks that measure what
// a client sees need it (bench/ui.ts, bench/auth.ts with BENCH_AUTH_SERVER=next). Builds into
// BENCH_DIST_DIR (default .next/bench) unless BENCH_SKIP_BUILD=1 finds a build there already.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { log } from "./report";

// Note: BENCH_DIST_DIR lets a benchmark reuse a build made for the end-to-end run.
export const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next/bench";

/** What `next build` and `next start` need to share one output directory beside a developer's. */
export const NEXT_BUILD_ENV = {
  PORTICO_NEXT_DIST_DIR: DIST_DIR,
  PORTICO_NEXT_TSCONFIG: "e2e/tsconfig.next.json",
  NEXT_TELEMETRY_DISABLED: "1",
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

export async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer ${base}/api/health within ${timeoutMs} ms`);
}

/** Runs `next build` unless BENCH_SKIP_BUILD=1 and a build is already in DIST_DIR. */
export async function ensureNextBuild(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(DIST_DIR, "BUILD_ID"))) return;
  log("next build (minutes on a busy machine)...");
  await run("npx", ["next", "build"], NEXT_BUILD_ENV);
}

/**
 * `next start` on a free loopback port with the given environment (DATABASE_URL at least), in a
 * process group of its own (stop it with stopChildren(..., { groups: true })); resolves once
 * /api/health answers.
 */
export async function startNextServer(
  env: Record<string, string>,
): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...NEXT_BUILD_ENV, NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    await waitForHealth(base, child, 120_000);
  } catch (err) {
    child.kill("SIGTERM");
    throw err;
  }
  return { base, child };
}
