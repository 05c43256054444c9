// The facts of one product in every cluster where it has a gateway or a route, read live from each
// registered cluster: what GET /api/products/{slug}/facts answers.
import type { PrismaClient } from "@/lib/db/client";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import type { ClusterClientOptions } from "@/lib/k8s/cluster-client";
import { assertProductInRevision, requireNewestTopology } from "@/lib/revisions/newest-topology";
import { readClusterFacts } from "./cluster-facts";
import { productClusters, productFactChecks } from "./fact-checks";
import type { Fact } from "./judge-facts";

export type ClusterFacts = {
  cluster: string;
  /** Whether Portico could read the cluster; when not, `error` says why and `facts` is empty. */
  reachable: boolean;
  error?: string;
  /** Every fact holds. */
  ok: boolean;
  facts: Fact[];
};

export type ProductFacts = { product: string; revision: number; ok: boolean; clusters: ClusterFacts[] };

export async function readProductFacts(
  db: PrismaClient,
  product: string,
  clientOptions: ClusterClientOptions = {},
): Promise<ProductFacts> {
  const revision = await requireNewestTopology(db);
  assertProductInRevision(revision, product);
  const { topology } = revision;
  const names = productClusters(topology, product);
  const rows = await db.cluster.findMany({ where: { name: { in: names } } });
  const clusters = await Promise.all(
    names.map(async (name): Promise<ClusterFacts> => {
      const row = rows.find((r) => r.name === name);
      if (!row)
        return {
          cluster: name,
          reachable: false,
          error: `Cluster ${name} is named in the topology but not registered in Portico; register it to check its facts.`,
          ok: false,
          facts: [],
        };
      const client = openClusterClient(row, {
        retry: { maxAttempts: 2 },
        timeoutMs: 10_000,
        ...clientOptions,
      });
      try {
        const facts = await readClusterFacts(client, productFactChecks(topology, product, name));
        return { cluster: name, reachable: true, ok: facts.every((f) => f.ok), facts };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { cluster: name, reachable: false, error: message, ok: false, facts: [] };
      } finally {
        await client.close();
      }
    }),
  );
  return { product, revision: revision.number, ok: clusters.every((c) => c.ok), clusters };
}
