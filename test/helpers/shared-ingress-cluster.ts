// Simulated east holding the reference shared ingress as kubectl wrote it (no Portico labels), for
// the tests that import it, and a client of it over real HTTPS.
import { REFERENCE_NAMESPACES, REFERENCE_SHARED_INGRESS } from "@/lib/import/reference-shared-ingress";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { startSimulator, type Simulator } from "@/lib/sim";

export async function startSharedIngressCluster(): Promise<{ sim: Simulator; client: ClusterClient }> {
  const sim = await startSimulator({ clusters: ["east=us-east-1a"], deploymentReadyDelayMs: 10 });
  const info = sim.clusters[0]!;
  const client = new ClusterClient(
    {
      name: "east",
      server: info.server,
      caData: Buffer.from(info.ca!).toString("base64"),
      credentials: { token: info.token },
    },
    { allowInsecure: true, timeoutMs: 5_000 },
  );
  for (const o of [...REFERENCE_NAMESPACES, ...REFERENCE_SHARED_INGRESS]) {
    const { creationTimestamp: _ignored, ...metadata } = o.metadata;
    await client.apply({ ...o, metadata }, { fieldManager: "kubectl" });
  }
  return { sim, client };
}
