// Import against a simulated cluster over real HTTPS: the objects are applied with ClusterClient,
// read back with readIngressObjects and imported; the cluster's request counters prove import only
// listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import type { Simulator } from "@/lib/sim";
import { startSharedIngressCluster } from "@/test/helpers/shared-ingress-cluster";
import { loadExample } from "@/lib/topology/examples";
import { importIngress } from "./import-ingress";
import { readIngressObjects } from "./read-ingress-objects";

let sim: Simulator;
let client: ClusterClient;

beforeAll(async () => {
  ({ sim, client } = await startSharedIngressCluster());
});
afterAll(async () => {
  await client.close();
  await sim.stop();
});

describe("readIngressObjects + importIngress against a simulated cluster", () => {
  it("imports east's shared ingress and only lists", async () => {
    sim.counters.reset("east");
    const read = await readIngressObjects(client);
    expect(read.servicesRead).toBe(true);
    const step0 = loadExample("00-shared-ingress");
    const r = importIngress({
      objects: read.objects,
      cluster: step0.clusters[0]!,
      servicesRead: read.servicesRead,
    });
    // Objects created within the same second tie on creationTimestamp; Istio then orders by name.
    const byName = <T extends { name: string }>(xs: T[]) =>
      [...xs].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect([...r.imported].sort()).toEqual([
      "Gateway istio-system/istio-ingressgateway",
      "VirtualService analytics-ingest/analytics",
      "VirtualService payments/payments",
    ]);
    expect(byName(r.proposal.routes)).toEqual(byName(step0.routes));
    expect(byName(r.proposal.services)).toEqual(byName(step0.services));
    expect(r.findings).toEqual([]);
    const counters = sim.counters.get("east") as { byVerb: Record<string, number> };
    expect(Object.keys(counters.byVerb).sort()).toEqual(expect.arrayContaining(["list"]));
    for (const verb of ["create", "update", "patch", "delete", "deletecollection"])
      expect(counters.byVerb[verb] ?? 0).toBe(0);
  });
});
