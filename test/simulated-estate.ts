// Simulated clusters east and west registered in a database of the test file's own: the setup of
// every test that drives the sync against real HTTP.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sealClusterCredentials } from "../lib/clusters/cluster-credentials";
import { startSimulator, type ScenarioFaults, type Simulator } from "../lib/sim";
import { createIsolatedDatabase, type IsolatedDatabase } from "./isolated-database";

export type SimulatedEstate = {
  sim: Simulator;
  iso: IsolatedDatabase;
  kubeconfig: string;
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
    const id = randomUUID();
    await iso.db.cluster.create({
      data: {
        id,
        name: c.name,
        server: c.server,
        caData: c.ca ?? null,
        zone: c.zone,
        region: c.region,
        ...sealClusterCredentials(id, { token: c.token }),
      },
    });
  }
  return {
    sim,
    iso,
    kubeconfig,
    async stop() {
      await sim.stop();
      await iso.drop();
    },
  };
}
