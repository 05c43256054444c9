// What the product teams of a benchmark estate deploy themselves before Portico routes traffic to
// them: in every cluster, the TLS Secrets their gateways' listeners name and the backends their
// routes send to (Deployment and Service, given ready endpoints by the cluster). Exactly the facts
// the sync checks (lib/cutover/fact-checks.ts), so no route of the estate waits.
import { productFactChecks } from "@/lib/cutover/fact-checks";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import type { ClusterConnection } from "@/lib/k8s/cluster-connection";
import pLimit from "p-limit";
import { generateCa, issueServerCertificate } from "@/lib/sim/tls";
import {
  backendManifests,
  namespaceManifest,
  tlsSecretManifest,
  type Manifest,
} from "@/lib/sim/workload-manifests";
import type { K8sObject, Topology } from "@/lib/topology";

/** The teams' objects in one cluster: namespaces first, then Secrets and backends. */
export function teamWorkloads(topology: Topology, cluster: string): Manifest[][] {
  const ca = generateCa("bench-ca");
  // One wildcard certificate serves every host of the estate's domain.
  const pair = issueServerCertificate(ca, "bench-ca", `*.${topology.domain}`, {
    dns: [`*.${topology.domain}`],
  });
  const namespaces = new Set<string>();
  const objects: Manifest[] = [];
  for (const product of topology.products)
    for (const check of productFactChecks(topology, product.name, cluster)) {
      if (check.kind === "tls-secret") objects.push(tlsSecretManifest(check.namespace, check.name, pair));
      else if (check.kind === "backend-endpoints")
        objects.push(...backendManifests(check.namespace, check.name));
      else continue;
      namespaces.add(check.namespace);
    }
  return [[...namespaces].map((n) => namespaceManifest(n)), objects];
}

/** Applies the teams' workloads to each cluster (field manager "kubectl", as a person would). */
export async function deployTeamWorkloads(
  topology: Topology,
  clusters: readonly ClusterConnection[],
): Promise<number> {
  let count = 0;
  await Promise.all(
    clusters.map(async (connection) => {
      const client = new ClusterClient(connection, { allowInsecure: true, timeoutMs: 30_000 });
      try {
        for (const batch of teamWorkloads(topology, connection.name)) {
          const limit = pLimit(8);
          await Promise.all(
            batch.map((o) => limit(() => client.apply(o as K8sObject, { fieldManager: "kubectl" }))),
          );
          count += batch.length;
        }
      } finally {
        await client.close();
      }
    }),
  );
  return count;
}
