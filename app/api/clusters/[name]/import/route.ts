import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { importResponseSchema } from "@/lib/api/schemas/migrations";
import { analyze } from "@/lib/analysis/analyze";
import { sortFindings } from "@/lib/analysis/finding";
import { findClusterOrThrow } from "@/lib/clusters/find-cluster";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { AppError } from "@/lib/errors/app-error";
import { importIngress, readIngressObjects } from "@/lib/import";
import { newestTopology } from "@/lib/revisions/newest-topology";
import type { Cluster } from "@/lib/topology";
import { importRequestSchema } from "@/lib/validations/migration";

function topologyCluster(row: {
  name: string;
  zone: string | null;
  region: string | null;
  network: string | null;
}): Cluster {
  const zone = row.zone ?? "unknown";
  // Zones are named region + letter (us-east-1a); a missing region is derived the same way.
  return {
    name: row.name,
    zone,
    region: row.region ?? (/[a-z]$/.test(zone) ? zone.slice(0, -1) : zone),
    network: row.network ?? `network-${row.name}`,
  };
}

// Reads a cluster's shared ingress (list calls only) and proposes it merged into the newest
// revision, with an owner per host and findings. Saves nothing: the user edits owners and saves
// the proposal as a revision. Permission: topology:write (its only use is to make a revision).
export const POST = route(
  { permission: "topology:write", body: importRequestSchema, response: importResponseSchema },
  async ({ body, params }) => {
    const row = await findClusterOrThrow(params.name ?? "");
    const [latest, registered] = await Promise.all([
      newestTopology(prisma),
      prisma.cluster.findMany({
        orderBy: { name: "asc" },
        select: { name: true, zone: true, region: true, network: true },
      }),
    ]);
    const client = openClusterClient(row, { retry: { maxAttempts: 2 }, timeoutMs: 10_000 });
    let read;
    try {
      read = await readIngressObjects(client);
    } catch (err) {
      throw new AppError(
        "UNAVAILABLE",
        `Could not read the ingress of cluster ${row.name}: ${(err as Error).message}. Check the connection on the Clusters page and try again.`,
        { cause: err },
      );
    } finally {
      await client.close();
    }
    const inTopology = latest?.topology.clusters.find((c) => c.name === row.name);
    const result = importIngress({
      objects: read.objects,
      cluster: inTopology ?? topologyCluster(row),
      current: latest?.topology,
      knownClusters: registered.map(topologyCluster),
      owners: body.owners,
      servicesRead: read.servicesRead,
    });
    return json({
      cluster: row.name,
      baseRevision: latest?.number ?? null,
      proposal: result.proposal,
      owners: result.owners,
      findings: sortFindings([...result.findings, ...analyze(result.proposal)]),
      imported: result.imported,
      notes: read.notes,
    });
  },
);
