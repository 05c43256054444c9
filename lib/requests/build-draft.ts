// Loads what a request's draft is built on (newest revision, registered clusters) and builds it.
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/client";
import { parseTopology, type Topology } from "@/lib/topology";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { newestTopology } from "@/lib/revisions/newest-topology";
import { requestToTopology } from "./request-to-topology";

type Db = typeof prisma | Tx;

export type DraftBase = {
  base: Topology | null;
  baseRevision: number | null;
  clusters: {
    name: string;
    region: string | null;
    zone: string | null;
    network: string | null;
    production: boolean;
  }[];
};

export async function loadDraftBase(db: Db, clusterNames: readonly string[]): Promise<DraftBase> {
  const head = await newestTopology(db);
  const base = head?.topology ?? null;
  const names = [...new Set([...clusterNames, ...(base?.clusters.map((c) => c.name) ?? [])])];
  const clusters = await db.cluster.findMany({
    where: { name: { in: names } },
    select: { name: true, region: true, zone: true, network: true, production: true },
  });
  return { base, baseRevision: head?.number ?? null, clusters };
}

export function buildDraft(base: DraftBase, payload: GatewayRequestPayload) {
  const document = requestToTopology(base.base, payload, base.clusters);
  return { document, parsed: parseTopology(document) };
}
