// The estate the sync benchmarks run against: a fresh database, simulated clusters in a child
// process (registered in the database with their credentials) and, in every cluster, what the
// product teams deploy before Portico routes to them (bench/deploy-team-workloads.ts), so the first
// sync applies everything at once instead of waiting for facts that never come. Workers are
// started as `npm run worker` starts them (scripts/worker.sh: bundled, with its heap budget).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { KubeConfig } from "@kubernetes/client-node";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import { createPrismaClient } from "@/lib/db/client";
import { syntheticTopology } from "@/lib/topology/synthetic";
import type { Topology } from "@/lib/topology";
import { createBenchDatabase } from "./bench-database";
import { deployTeamWorkloads } from "./deploy-team-workloads";
import { log } from "./report";
import { stopChildren } from "./stop-children";

export interface SyncEstate {
  url: string;
  db: ReturnType<typeof createPrismaClient>;
  topology: Topology;
  /** The registered clusters' names (c0, c1, ...). */
  clusters: string[];
  /** The simulator's process (all the clusters). */
  simPid: number;
  /** A call to the simulator's admin API (`/_sim/...`). */
  admin: (method: string, path: string) => Promise<unknown>;
  /** Starts a worker on the estate's database; it is stopped with the estate. */
  startWorker: (env?: Record<string, string>) => ChildProcess;
  /** Resolves once every cluster has observed the revision (all its objects applied). */
  allObserved: (revisionId: string, timeoutMs: number) => Promise<void>;
  /** Stops the workers and the simulator (workers finish their jobs first), then drops the database. */
  stop: () => Promise<void>;
}

function startChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const rl = createInterface({ input: child.stdout! });
  for await (const line of rl) return line;
  throw new Error("child exited before it was ready");
}

/** `syntheticTopology(products, clusters)`: 15 objects per product in each of the clusters. */
export async function startSyncEstate(
  prefix: string,
  { clusters: count, products }: { clusters: number; products: number },
): Promise<SyncEstate> {
  const { url, drop } = await createBenchDatabase(prefix);
  const db = createPrismaClient(url);
  const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), "portico-bench-")), "kubeconfig");
  const sims: ChildProcess[] = [];
  const workers: ChildProcess[] = [];
  const stop = async () => {
    // The workers finish their jobs and close their connections before the database is dropped.
    await stopChildren(workers);
    await stopChildren(sims);
    await db.$disconnect();
    await drop();
  };
  try {
    const names = Array.from({ length: count }, (_, i) => `c${i}=region-${i}a`);
    const sim = startChild([
      "lib/sim/cli.ts",
      "--clusters",
      names.join(","),
      "--port",
      "0",
      "--kubeconfig",
      kubeconfig,
      "--ready-delay",
      "0",
    ]);
    sims.push(sim);
    const ready = JSON.parse(await firstLine(sim)) as { admin: { url: string; token: string } };
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const connections = kc.getContexts().map((ctx) => ({
      name: ctx.name,
      server: kc.getCluster(ctx.cluster)!.server,
      caData: kc.getCluster(ctx.cluster)!.caData ?? null,
      credentials: { token: kc.getUser(ctx.user)!.token! },
    }));
    for (const c of connections) {
      await insertCluster(db, { name: c.name, server: c.server, caData: c.caData }, c.credentials);
    }
    const topology = syntheticTopology(products, count);
    const t0 = performance.now();
    const deployed = await deployTeamWorkloads(topology, connections);
    log(`teams' workloads: ${deployed} objects in ${Math.round(performance.now() - t0)} ms`);

    return {
      url,
      db,
      topology,
      clusters: connections.map((c) => c.name),
      simPid: sim.pid!,
      admin: async (method, p) => {
        const res = await fetch(`${ready.admin.url}${p}`, {
          method,
          headers: { authorization: `Bearer ${ready.admin.token}` },
        });
        return res.status === 204 ? null : ((await res.json()) as unknown);
      },
      startWorker: (env = {}) => {
        const worker = spawn("bash", ["scripts/worker.sh"], {
          env: {
            ...process.env,
            DATABASE_URL: url,
            PORTICO_ALLOW_INSECURE_CLUSTERS: "1",
            PORTICO_LOG_LEVEL: "warn",
            ...env,
          },
          stdio: ["ignore", "inherit", "inherit"],
        });
        workers.push(worker);
        return worker;
      },
      allObserved: async (revisionId, timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const n = await db.cluster.count({ where: { observedRevisionId: revisionId } });
          if (n === count) return;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`clusters did not observe revision ${revisionId} within ${timeoutMs} ms`);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
