// The data the web benchmarks serve: the demo users, registered clusters (never contacted) and a
// synthetic estate of `products` x `clusters` as the newest revision.
import { insertCluster } from "@/lib/clusters/insert-cluster";
import type { createPrismaClient } from "@/lib/db/client";
import { seed } from "@/lib/db/seed";
import { createRevision } from "@/lib/revisions/create-revision";
import { syntheticTopology } from "@/lib/topology/synthetic";

export async function seedWebEstate(
  db: ReturnType<typeof createPrismaClient>,
  products: number,
  clusters: number,
): Promise<{ revision: number }> {
  await seed(db, { referenceRevision: true });
  const topology = syntheticTopology(products, clusters);
  for (const [i, c] of topology.clusters.entries()) {
    await insertCluster(
      db,
      {
        name: c.name,
        server: `https://10.255.0.${1 + i}:6443`,
        zone: c.zone,
        region: c.region,
      },
      { token: "bench" },
    );
  }
  return storeSyntheticRevision(db, products, clusters);
}

/** Another synthetic estate (on the same clusters) as the newest revision. */
export async function storeSyntheticRevision(
  db: ReturnType<typeof createPrismaClient>,
  products: number,
  clusters: number,
): Promise<{ revision: number }> {
  const revision = await db.$transaction(
    (tx) =>
      createRevision(tx, {
        document: syntheticTopology(products, clusters),
        message: `bench: ${products} products x ${clusters} clusters`,
        actor: null,
      }),
    { timeout: 300_000 },
  );
  return { revision: revision.number };
}
