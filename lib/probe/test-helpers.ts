// The simulated estate probe tests run against: east and west with the reference scenario's
// workloads, Portico's rendered step-1 objects applied to east by server-side apply, both of east's
// gateways serving, and the demo CA their certificates chain to.
import { startSimulator, type Simulator } from "@/lib/sim";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { renderCluster } from "@/lib/istio/render-cluster";
import { loadExample } from "@/lib/topology/examples";
import type { K8sObject, Topology } from "@/lib/topology";

export interface ProbeEstate {
  sim: Simulator;
  east: ClusterClient;
  west: ClusterClient;
  step1: Topology;
  /** PEM of the demo CA (ConfigMap istio-system/my-company-demo-ca). */
  ca: string;
  stop(): Promise<void>;
}

async function gatewayServing(sim: Simulator, service: string, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const gw = sim.dataPlane
      ?.plane("east")
      ?.describe()
      .find((g) => g.service === service);
    if (gw?.ready && gw.ports.includes(port)) return;
    if (Date.now() > deadline) throw new Error(`${service} does not serve port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startProbeEstate(options: { kubeconfigPath?: string } = {}): Promise<ProbeEstate> {
  const sim = await startSimulator({
    clusters: ["east=us-east-1a", "west=us-west-2b"],
    port: 0,
    scenario: { name: "reference" },
    deploymentReadyDelayMs: 20,
    ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}),
  });
  const open = (name: string) => {
    const c = sim.clusters.find((x) => x.name === name)!;
    return new ClusterClient(
      { name, server: c.server, caData: c.ca, credentials: { token: c.token } },
      { allowInsecure: true },
    );
  };
  const east = open("east");
  const west = open("west");
  const step1 = loadExample("01-payments-gateway");
  for (const o of renderCluster(step1, "east").objects) await east.apply(o, { force: true });
  await gatewayServing(sim, "payments/payments-gateway", 443);
  await gatewayServing(sim, "istio-system/istio-ingressgateway", 443);
  const cm = await east.get<K8sObject & { data: Record<string, string> }>(
    "v1",
    "ConfigMap",
    "istio-system",
    "my-company-demo-ca",
  );
  return {
    sim,
    east,
    west,
    step1,
    ca: cm!.data["ca.crt"]!,
    async stop() {
      await east.close();
      await west.close();
      await sim.stop();
    },
  };
}

/** Step 1 plus a route only the shared gateway serves: clients of /v1/refunds would get 404 after the move. */
export function withSharedOnlyRoute(t: Topology): Topology {
  return {
    ...t,
    routes: [
      ...t.routes,
      {
        name: "payments-refunds",
        product: "payments",
        namespace: "payments",
        host: "payments.my-company.io",
        gateways: ["istio-system/istio-ingressgateway"],
        http: [
          {
            name: "refunds",
            match: [{ path: { prefix: "/v1/refunds" } }],
            destinations: [{ service: "payments", namespace: "payments", port: 8080 }],
          },
        ],
      },
    ],
  };
}

/** The objects of the shared-only route, rendered for east. */
export function sharedOnlyRouteObjects(t: Topology): K8sObject[] {
  return renderCluster(withSharedOnlyRoute(t), "east").objects.filter(
    (o) => o.metadata.name === "payments-refunds",
  );
}
