// The estate the cutover tests run against: the simulated east and west clusters of the reference
// scenario, east registered in Portico, and the ways those tests drive it (store a revision and
// sync it as the worker would, wait for both gateways to serve, read the demo CA).
import { expect } from "vitest";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { prisma } from "@/lib/db/client";
import { createLogger } from "@/lib/log/logger";
import { createRevision } from "@/lib/revisions/create-revision";
import { startSimulator, type Simulator } from "@/lib/sim";
import { reconcileCluster } from "@/lib/sync/reconcile-cluster";
import type { K8sObject, Topology } from "@/lib/topology";
import { until } from "../traffic";

const log = createLogger({ name: "test", level: "silent" });

/** east and west with the reference scenario's workloads; load balancers on loopback. */
export async function startReferenceSimulator(): Promise<Simulator> {
  process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = "1";
  return startSimulator({
    clusters: ["east=us-east-1a", "west=us-west-2b"],
    port: 0,
    scenario: { name: "reference" },
    deploymentReadyDelayMs: 20,
  });
}

/** Registers a simulated cluster in Portico, with its credentials sealed as an engineer's would be. */
export async function registerSimulatedCluster(sim: Simulator, name: string): Promise<void> {
  const c = sim.clusters.find((x) => x.name === name)!;
  await insertCluster(
    prisma,
    { name, server: c.server, caData: c.ca ?? null, zone: c.zone, region: c.region },
    { token: c.token },
  );
}

/** What the sync worker does with a revision's job: reconcile the cluster; every object must sync. */
export async function syncCluster(name: string, force = false): Promise<void> {
  const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
  const client = openClusterClient(row);
  try {
    const summary = await reconcileCluster(prisma, client, name, log, { reason: "revision", force });
    const errors = await prisma.inventoryObject.findMany({
      where: { status: "error" },
      select: { kind: true, name: true, message: true },
    });
    expect({ summary, errors }).toMatchObject({ summary: { errors: 0 }, errors: [] });
  } finally {
    await client.close();
  }
}

/** Stores a revision as the API would and syncs east. */
export async function storeAndSync(topology: Topology, message: string, force = false): Promise<void> {
  await prisma.$transaction((tx) => createRevision(tx, { document: topology, message, actor: null }));
  await syncCluster("east", force);
}

/** Waits until the shared and the product gateway serve 443 in east; their load-balancer addresses. */
export async function bothGatewaysServing(sim: Simulator): Promise<{ shared: string; product: string }> {
  const plane = () => sim.dataPlane!.plane("east")!;
  await until("both gateways serving 443", () =>
    ["payments/payments-gateway", "istio-system/istio-ingressgateway"].every((s) =>
      plane()
        .describe()
        .some((g) => g.service === s && g.ready && g.ports.includes(443)),
    )
      ? true
      : undefined,
  );
  return {
    shared: plane().addressOf("istio-system", "istio-ingressgateway")!,
    product: plane().addressOf("payments", "payments-gateway")!,
  };
}

/** The demo CA the gateways' certificates chain to (ConfigMap istio-system/my-company-demo-ca). */
export async function demoCa(cluster = "east"): Promise<string> {
  const row = await prisma.cluster.findUniqueOrThrow({ where: { name: cluster } });
  const client = openClusterClient(row);
  try {
    const cm = await client.get<K8sObject & { data: Record<string, string> }>(
      "v1",
      "ConfigMap",
      "istio-system",
      "my-company-demo-ca",
    );
    return cm!.data["ca.crt"]!;
  } finally {
    await client.close();
  }
}
