// A real Prometheus server (Debian's `prometheus` binary) on loopback, for the demo, tests and
// benchmarks: a generated scrape config, a short scrape interval, its data in a folder of ours.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { request } from "undici";

/** The `prometheus` binary on PATH, or why there is none. */
export function findPrometheus(): { path?: string; why?: string } {
  const r = spawnSync("prometheus", ["--version"], { encoding: "utf8" });
  if (r.error) return { why: `prometheus not found on PATH (${(r.error as NodeJS.ErrnoException).code})` };
  if (r.status !== 0) return { why: `prometheus --version failed: ${r.stderr}` };
  return { path: "prometheus" };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

export interface ScrapeJob {
  name: string;
  /** Default /metrics; Istio's merged metrics are at /stats/prometheus. */
  metricsPath?: string;
  /** host:port targets, fixed. */
  targets?: string[];
  /** A file_sd JSON file Prometheus re-reads (targets that come and go, e.g. new gateways). */
  fileSd?: string;
}

export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:9090 */
  url: string;
  child: ChildProcess;
  /** The newest lines Prometheus wrote (it logs to stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** A file_sd target file: one group per job label set. */
export function writeFileSdTargets(
  path: string,
  targets: string[],
  labels: Record<string, string> = {},
): void {
  writeFileSync(`${path}.tmp`, JSON.stringify([{ targets, labels }]));
  // Prometheus watches the file; a rename swaps it whole so it never reads half a file.
  renameSync(`${path}.tmp`, path);
}

function scrapeConfig(jobs: ScrapeJob[], intervalSeconds: number): string {
  const lines = [
    `global: {scrape_interval: ${intervalSeconds}s, evaluation_interval: ${intervalSeconds}s}`,
    "scrape_configs:",
  ];
  for (const j of jobs) {
    lines.push(
      `- job_name: ${JSON.stringify(j.name)}`,
      `  metrics_path: ${JSON.stringify(j.metricsPath ?? "/metrics")}`,
    );
    if (j.targets) lines.push(`  static_configs: [{targets: ${JSON.stringify(j.targets)}}]`);
    if (j.fileSd)
      lines.push(`  file_sd_configs: [{files: [${JSON.stringify(j.fileSd)}], refresh_interval: 5s}]`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Starts Prometheus with its config and TSDB under `dir` and waits until its API answers.
 * `port` 0 (default) picks a free one.
 */
export async function startPrometheus(opts: {
  dir: string;
  jobs: ScrapeJob[];
  scrapeIntervalSeconds?: number;
  port?: number;
  binary?: string;
}): Promise<RunningPrometheus> {
  mkdirSync(opts.dir, { recursive: true });
  const port = opts.port || (await freePort());
  const config = join(opts.dir, "prometheus.yml");
  writeFileSync(config, scrapeConfig(opts.jobs, opts.scrapeIntervalSeconds ?? 1));
  const child = spawn(
    opts.binary ?? "prometheus",
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(opts.dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Lookback stays Prometheus' default; drained series must age out the way they do in production.
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr!.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited (${child.exitCode}):\n${log.slice(-2000)}`);
    try {
      const r = await request(`${url}/-/ready`);
      await r.body.dump();
      if (r.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready within 30 s:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, log: () => log, stop };
}

/** Scrape targets Prometheus reports as up (scrape URLs). */
export async function upTargets(url: string): Promise<string[]> {
  const r = await request(`${url}/api/v1/targets`);
  const body = (await r.body.json()) as { data: { activeTargets: { health: string; scrapeUrl: string }[] } };
  return body.data.activeTargets.filter((t) => t.health === "up").map((t) => t.scrapeUrl);
}
