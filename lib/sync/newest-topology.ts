// The newest revision and its parsed topology. A revision is immutable, so its parsed document is
// kept per process: the reconciles of all clusters for one revision parse it once, not once each.
import type { PrismaClient } from "@/lib/db/client";
import { parseTopology, type Topology } from "@/lib/topology";

export type NewestRevision = { id: string; number: number; topology: Topology };

const cache = new Map<string, Promise<Topology>>();
const CACHE_SIZE = 4;

export async function newestTopology(db: PrismaClient): Promise<NewestRevision | null> {
  const [head] = await db.$queryRaw<
    { id: string; number: number }[]
  >`SELECT id, number FROM "Revision" ORDER BY number DESC LIMIT 1`;
  if (!head) return null;
  let topology = cache.get(head.id);
  if (!topology) {
    topology = load(db, head.id, head.number);
    cache.set(head.id, topology);
    topology.catch(() => cache.delete(head.id));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return { id: head.id, number: head.number, topology: await topology };
}

async function load(db: PrismaClient, id: string, number: number): Promise<Topology> {
  // Note: read as text and parsed here; Prisma's JSON decoding of a large document is much slower.
  const [row] = await db.$queryRaw<
    { document: string }[]
  >`SELECT document::text AS document FROM "Revision" WHERE id = ${id}`;
  const parsed = parseTopology(JSON.parse(row!.document));
  // Stored revisions were validated on the way in; a failure here means the format changed.
  if (!parsed.ok) throw new Error(`revision ${number} no longer parses: ${parsed.errors[0]?.message}`);
  return parsed.topology;
}
