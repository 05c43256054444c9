// Loads what a request's draft is built on (newest revision, registered clusters) and builds it.
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/client";
import { parseTopology, type Topology } from "@/lib/topology";
import type { GatewayRequestPayload } from "@/lib/validations/request";
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
  // Note: read as text; Prisma's JSON decoding of a large document is slow (see newest-topology.ts).
  const [head] = await db.$queryRaw<{ number: number; document: string }[]>`
    SELECT number, document::text AS document FROM "Revision" ORDER BY number DESC LIMIT 1`;
  let base: Topology | null = null;
  if (head) {
    const parsed = parseTopology(JSON.parse(head.document));
    if (parsed.ok) base = parsed.topology;
  }
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
