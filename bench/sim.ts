/**
 * Benchmark of the simulated clusters (npm run bench:sim).
 *
 * The simulator runs in this process (its JavaScript on one core); the load generator runs in a
 * child process (the second core), so that the figure is the server's. Requests are real HTTP
 * over 127.0.0.1 with keep-alive. Memory is measured in this process after forced GC, with
 * objects written through the same apply path but without HTTP, at several store sizes.
 * Prints one JSON line per figure.
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { Agent as TlsAgent, request as tlsRequest } from "node:https";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createInterface } from "node:readline";
import { startSimulator } from "../lib/sim/simulator";

interface ClientJob {
  server: string;
  token: string;
  ca?: string;
  kind: "configmap" | "gateway";
  count: number;
  warmup: number;
  concurrency: number;
  prefix: string;
}

function body(kind: ClientJob["kind"], name: string): string {
  if (kind === "configmap") {
    return JSON.stringify({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "bench", labels: { app: "bench" } },
      data: { key: name, mode: "small" },
    });
  }
  return JSON.stringify({
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: "bench", labels: { product: "bench" } },
    spec: {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [`${name}.my-company.io`] }],
    },
  });
}

/** Load generator (child process): `count` applies with `concurrency` in flight; prints ops/s. */
async function runClient(job: ClientJob): Promise<void> {
  const u = new URL(job.server);
  const tls = u.protocol === "https:";
  const agent = tls
    ? new TlsAgent({ keepAlive: true, maxSockets: job.concurrency, ca: job.ca })
    : new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const plural =
    job.kind === "configmap"
      ? "/api/v1/namespaces/bench/configmaps/"
      : "/apis/networking.istio.io/v1/namespaces/bench/gateways/";
  const send = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const name = `${job.prefix}-${i}`;
      const payload = body(job.kind, name);
      const r = (tls ? tlsRequest : request)(
        {
          host: u.hostname,
          port: u.port,
          method: "PATCH",
          path: `${plural}${name}?fieldManager=bench`,
          agent,
          headers: {
            Authorization: `Bearer ${job.token}`,
            "Content-Type": "application/apply-patch+yaml",
            "Content-Length": Buffer.byteLength(payload),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      r.on("error", reject);
      r.end(payload);
    });
  const run = async (from: number, n: number) => {
    let next = from;
    const end = from + n;
    let bad = 0;
    const worker = async () => {
      while (next < end) {
        const code = await send(next++);
        if (code !== 200 && code !== 201) bad++;
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, worker));
    if (bad > 0) throw new Error(`${bad} applies failed`);
  };
  await run(0, job.warmup);
  const t0 = process.hrtime.bigint();
  await run(job.warmup, job.count);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ opsPerSecond: job.count / seconds, seconds }) + "\n");
  agent.destroy();
}

function client(job: ClientJob): Promise<{ opsPerSecond: number; seconds: number }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1]!, "--client", JSON.stringify(job)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (l) =>
      resolve(JSON.parse(l) as { opsPerSecond: number; seconds: number }),
    );
    child.once("exit", (code) => code !== 0 && reject(new Error(`bench client exited with ${code}`)));
  });
}

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }) + "\n");
}

async function main(): Promise<void> {
  const count = Number(process.env.SIM_BENCH_COUNT ?? "20000");
  const concurrency = 32;

  for (const tls of [false, true]) {
    const sim = await startSimulator({ clusters: [{ name: "bench", istio: true }], tls });
    const c = sim.clusters[0]!;
    await new Promise<void>((resolve, reject) => {
      const u = new URL(c.server);
      const payload = JSON.stringify({ metadata: { name: "bench" } });
      const r = (tls ? tlsRequest : request)(
        {
          host: u.hostname,
          port: u.port,
          method: "POST",
          path: "/api/v1/namespaces",
          ca: c.ca,
          headers: { Authorization: `Bearer ${c.token}`, "Content-Type": "application/json" },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve());
        },
      );
      r.on("error", reject);
      r.end(payload);
    });
    const job = {
      server: c.server,
      token: c.token,
      ...(c.ca ? { ca: c.ca } : {}),
      count,
      warmup: 2000,
      concurrency,
    };
    const suffix = tls ? "_tls" : "";
    const cpu0 = process.cpuUsage();
    const cm = await client({ ...job, kind: "configmap", prefix: "cm" });
    const cpu = process.cpuUsage(cpu0);
    emit(`sim_ssa_per_s${suffix}`, cm.opsPerSecond, "ops/s", {
      object: "ConfigMap",
      created: true,
      transport: tls ? "https" : "http",
      concurrency,
    });
    // Wall-clock figures move with whatever else runs on the machine; the server's own CPU time
    // per apply does not (it includes the warm-up, so it slightly understates).
    emit(
      `sim_ssa_per_server_cpu_s${suffix}`,
      (job.count + job.warmup) / ((cpu.user + cpu.system) / 1e6),
      "ops/cpu-s",
      { object: "ConfigMap", transport: tls ? "https" : "http" },
    );
    const noop = await client({ ...job, kind: "configmap", prefix: "cm" });
    emit(`sim_ssa_noop_per_s${suffix}`, noop.opsPerSecond, "ops/s", {
      object: "ConfigMap",
      identical: true,
      transport: tls ? "https" : "http",
    });
    const gw = await client({ ...job, kind: "gateway", prefix: "gw" });
    emit(`sim_ssa_istio_gateway_per_s${suffix}`, gw.opsPerSecond, "ops/s", {
      object: "networking.istio.io/v1 Gateway",
      schemaValidated: true,
      transport: tls ? "https" : "http",
    });
    await sim.stop();
  }

  // Memory in a fresh process, so that the throughput runs' garbage does not blur RSS.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--memory"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  await new Promise<void>((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`memory run exited with ${code}`)),
    ),
  );
}

/** RSS after GC at growing store sizes; the slope per 10k objects and how steady it is. */
async function runMemory(): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const sim = await startSimulator({
    clusters: [{ name: "mem", istio: false, gatewayApi: false }],
    tls: false,
  });
  const cluster = sim.cluster("mem");
  const nsRt = cluster.resource("", "v1", "namespaces")!;
  const cmRt = cluster.resource("", "v1", "configmaps")!;
  cluster.create(nsRt, undefined, { metadata: { name: "bench" } }, { manager: "bench" });
  const rss = () => {
    gc();
    gc();
    return process.memoryUsage().rss / (1024 * 1024);
  };
  const steps = [0, 10_000, 20_000, 30_000, 40_000, 50_000];
  const samples: { objects: number; rssMb: number }[] = [];
  let made = 0;
  for (const target of steps) {
    for (; made < target; made++) {
      const name = `cm-${made}`;
      cluster.apply(cmRt, "bench", name, JSON.parse(body("configmap", name)) as Record<string, unknown>, {
        manager: "bench",
      });
    }
    samples.push({ objects: target, rssMb: rss() });
  }
  // The first 10k also pay for JIT and heap warm-up, so the slope is taken from 10k onwards.
  const steady = samples.slice(1);
  const slopes = steady.slice(1).map((s, i) => s.rssMb - steady[i]!.rssMb);
  const perTenK =
    (steady[steady.length - 1]!.rssMb - steady[0]!.rssMb) /
    ((steady[steady.length - 1]!.objects - steady[0]!.objects) / 10_000);
  emit("sim_rss_mb_per_10k_objects", perTenK, "MB", { object: "ConfigMap with managedFields", samples });
  emit(
    "sim_rss_linearity_max_over_min_step",
    Math.max(...slopes) / Math.max(0.01, Math.min(...slopes)),
    "ratio",
    { stepsMb: slopes.map((s) => Math.round(s * 10) / 10) },
  );

  // A list by label selector over the 50k stored objects, through HTTP.
  const c = sim.clusters[0]!;
  const t0 = process.hrtime.bigint();
  const n = await new Promise<number>((resolve, reject) => {
    const u = new URL(c.server);
    const r = request(
      {
        host: u.hostname,
        port: u.port,
        path: "/api/v1/namespaces/bench/configmaps?labelSelector=app%3Dbench&limit=500",
        headers: { Authorization: `Bearer ${c.token}` },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve((JSON.parse(text) as { items: unknown[] }).items.length));
      },
    );
    r.on("error", reject);
    r.end();
  });
  emit("sim_list_500_of_50k_by_label_ms", Number(process.hrtime.bigint() - t0) / 1e6, "ms", { items: n });
  await sim.stop();
}

const i = process.argv.indexOf("--client");
if (process.argv.includes("--memory")) {
  runMemory().catch((e: unknown) => {
    process.stderr.write(`bench memory: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
} else if (i >= 0) {
  runClient(JSON.parse(process.argv[i + 1]!) as ClientJob).catch((e: unknown) => {
    process.stderr.write(`bench client: ${(e as Error).message}\n`);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
