// What the registered clusters hold that routes requests (Istio Gateways and VirtualServices,
// Services), so the contract check of a draft counts the shared gateways and foreign routes no
// document models. Reads only.
import type { PrismaClient } from "@/lib/db/client";
import type { LiveObjects } from "@/lib/analysis/contract";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { readIngressObjects } from "@/lib/import/read-ingress-objects";
import type { ClusterClientOptions } from "@/lib/k8s/cluster-client";

export interface LiveRouting {
  live: LiveObjects;
  /** Clusters that could not be read, with why: the check falls back to the documents there. */
  unread: Array<{ cluster: string; error: string }>;
}

export async function readLiveRouting(
  db: PrismaClient,
  clusterNames: string[],
  options: ClusterClientOptions = { retry: { maxAttempts: 2 }, timeoutMs: 10_000 },
): Promise<LiveRouting> {
  const rows = await db.cluster.findMany({ where: { name: { in: clusterNames } } });
  const live: Record<string, LiveObjects[string]> = {};
  const unread: LiveRouting["unread"] = [];
  await Promise.all(
    rows.map(async (row) => {
      const client = openClusterClient(row, options);
      try {
        live[row.name] = (await readIngressObjects(client)).objects;
      } catch (err) {
        unread.push({ cluster: row.name, error: err instanceof Error ? err.message : String(err) });
      } finally {
        await client.close();
      }
    }),
  );
  return { live, unread };
}
