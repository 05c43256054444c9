// The demo's traffic: reads the simulator's ready line, starts Prometheus (when the binary is
// there) scraping every gateway's and mesh entry's port 15020 metrics, keeps its targets in step
// with the gateways that come and go, and runs the steady traffic generator. Prints one JSON line
// ({"prometheus": URL | null, ...}) once running; SIGTERM stops everything.
//   npx tsx lib/sim/demo-traffic.ts --ready .portico/sim.ready --ca .portico/demo-ca.pem --dir .portico/prometheus [--port 9090] [--rate 2]
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { request } from "undici";
import { findPrometheus, startPrometheus, writeFileSdTargets, type RunningPrometheus } from "./prometheus";
import { referenceTargets, startTrafficGenerator } from "./traffic-generator";

interface Ready {
  dns?: string;
  clusters: { name: string; meshProxy?: string; gateways: { address: string; ports: number[] }[] }[];
  admin: { url: string; token: string };
}

async function gatewayTargets(ready: Ready): Promise<string[]> {
  const out: string[] = [];
  for (const c of ready.clusters) {
    const r = await request(`${ready.admin.url}/_sim/clusters/${c.name}/dataplane`, {
      headers: { authorization: `Bearer ${ready.admin.token}` },
    });
    const body = (await r.body.json()) as { meshProxy?: string; gateways: { address: string }[] };
    for (const g of body.gateways) if (g.address) out.push(`${g.address}:15020`);
    if (body.meshProxy) out.push(body.meshProxy);
  }
  return [...new Set(out)].sort();
}

async function main() {
  const { values } = parseArgs({
    options: {
      ready: { type: "string" },
      ca: { type: "string" },
      dir: { type: "string", default: ".portico/prometheus" },
      port: { type: "string", default: "9090" },
      rate: { type: "string", default: "2" },
    },
  });
  if (!values.ready || !values.ca) throw new Error("--ready FILE and --ca FILE are required");
  const ready = JSON.parse(readFileSync(values.ready, "utf8").split("\n")[0]!) as Ready;
  const ca = readFileSync(values.ca, "utf8");
  let prometheus: RunningPrometheus | undefined;
  let why: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const found = findPrometheus();
  if (found.path) {
    mkdirSync(values.dir, { recursive: true });
    const sd = join(values.dir, "targets.json");
    let current = await gatewayTargets(ready);
    writeFileSdTargets(sd, current);
    prometheus = await startPrometheus({
      dir: values.dir,
      port: Number(values.port),
      scrapeIntervalSeconds: 2,
      // Gateways' and the mesh entries' merged metrics share the path, so one job scrapes both.
      jobs: [{ name: "istio-proxies", metricsPath: "/stats/prometheus", fileSd: sd }],
    });
    // Product gateways appear (and go) as Portico syncs; Prometheus re-reads the file.
    timer = setInterval(() => {
      void gatewayTargets(ready)
        .then((next) => {
          if (next.join() !== current.join()) writeFileSdTargets(sd, (current = next));
        })
        .catch(() => undefined);
    }, 3000);
  } else why = found.why;
  const mesh = ready.clusters.find((c) => c.name === "east")?.meshProxy;
  const generator = ready.dns
    ? startTrafficGenerator({
        dns: ready.dns,
        ca,
        ...referenceTargets(mesh),
        ratePerSecond: Number(values.rate),
      })
    : undefined;
  process.stdout.write(
    JSON.stringify({
      prometheus: prometheus?.url ?? null,
      ...(why ? { why } : {}),
      traffic: Boolean(generator),
    }) + "\n",
  );
  const stop = () => {
    if (timer) clearInterval(timer);
    void Promise.all([generator?.stop(), prometheus?.stop()]).then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`demo-traffic: ${(e as Error).message}\n`);
  process.exit(1);
});
