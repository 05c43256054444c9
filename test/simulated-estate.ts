// Simulated clusters east and west registered in a database of the test file's own: the setup of
// every test that drives the sync against real HTTP.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import { startSimulator, type ScenarioFaults, type Simulator } from "../lib/sim";
import { createIsolatedDatabase, type IsolatedDatabase } from "./isolated-database";

export type SimulatedEstate = {
  sim: Simulator;
  iso: IsolatedDatabase;
  kubeconfig: string;
  /** Runs fn with a client of a cluster (east unless named) opened from its row, as the worker does. */
  withClient<T>(fn: (client: ClusterClient) => Promise<T>, cluster?: string): Promise<T>;
  stop(): Promise<void>;
};

/**
 * The clusters hold the reference scenario's backends and TLS Secrets (what the product gateways'
 * routes wait for), without the shared Gateway's routes, so Portico's own apply under those names.
 */
export async function startSimulatedEstate(
  label: string,
  options: { faults?: ScenarioFaults; deploymentReadyDelayMs?: number } = {},
): Promise<SimulatedEstate> {
  const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), `portico-${label}-`)), "kubeconfig");
  const sim = await startSimulator({
    clusters: ["east=us-east-1a", "west=us-west-2b"],
    port: 0,
    kubeconfigPath: kubeconfig,
    deploymentReadyDelayMs: options.deploymentReadyDelayMs ?? 0,
    scenario: { name: "reference", sharedRoutes: false, faults: options.faults ?? {} },
  });
  const iso = await createIsolatedDatabase(label);
  for (const c of sim.clusters) {
    await insertCluster(
      iso.db,
      { name: c.name, server: c.server, caData: c.ca ?? null, zone: c.zone, region: c.region },
      { token: c.token },
    );
  }
  return {
    sim,
    iso,
    kubeconfig,
    async withClient(fn, cluster = "east") {
      const row = await iso.db.cluster.findUniqueOrThrow({ where: { name: cluster } });
      const client = openClusterClient(row, { allowInsecure: true });
      try {
        return await fn(client);
      } finally {
        await client.close();
      }
    },
    async stop() {
      await sim.stop();
      await iso.drop();
    },
  };
}
