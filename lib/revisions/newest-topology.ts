// The newest revision and its parsed topology, the one way every reader loads it: no revision
// answers 404, a revision that no longer parses 409, with the same messages everywhere. A revision is
// immutable, so its parsed document is kept per process: the reconciles of all clusters for one
// revision parse it once, not once each. Callers share the cached topology and must not change it
// (the migration steps and the analyzer copy what they change).
import type { PrismaClient } from "@/lib/db/client";

/** The client or a transaction: reads go through raw SQL only. */
type Db = Pick<PrismaClient, "$queryRaw">;
import { AppError } from "@/lib/errors/app-error";
import { parseTopology, type Topology } from "@/lib/topology";

export type NewestRevision = {
  id: string;
  number: number;
  message: string;
  createdAt: Date;
  topology: Topology;
};

const cache = new Map<string, Promise<Topology>>();
const CACHE_SIZE = 4;

export const NO_REVISION_MESSAGE =
  "There is no revision yet: import the shared ingress or save a topology first.";

/** The newest revision's topology, or null when none is recorded; 409 when it does not parse. */
export async function newestTopology(db: Db): Promise<NewestRevision | null> {
  const [head] = await db.$queryRaw<
    { id: string; number: number; message: string; createdAt: Date }[]
  >`SELECT id, number, message, "createdAt" FROM "Revision" ORDER BY number DESC LIMIT 1`;
  if (!head) return null;
  return { ...head, topology: await cached(db, head.id, head.number) };
}

/** The newest revision's topology: 404 when none is recorded, 409 when it does not parse. */
export async function requireNewestTopology(db: Db): Promise<NewestRevision> {
  const newest = await newestTopology(db);
  if (!newest) throw new AppError("NOT_FOUND", NO_REVISION_MESSAGE);
  return newest;
}

/** Revision `number`'s topology: 404 when there is no such revision, 409 when it does not parse. */
export async function requireRevisionTopology(db: Db, number: number): Promise<NewestRevision> {
  const [row] = await db.$queryRaw<
    { id: string; number: number; message: string; createdAt: Date }[]
  >`SELECT id, number, message, "createdAt" FROM "Revision" WHERE number = ${number}`;
  if (!row) throw AppError.notFound(`Revision ${number}`);
  return { ...row, topology: await cached(db, row.id, number) };
}

/** 404 unless the revision names the product: the one answer for a product not in the estate. */
export function assertProductInRevision(revision: { number: number; topology: Topology }, product: string) {
  if (!revision.topology.products.some((p) => p.name === product))
    throw AppError.notFound(`Product "${product}" in revision ${revision.number}`);
}

function cached(db: Db, id: string, number: number): Promise<Topology> {
  let topology = cache.get(id);
  if (!topology) {
    topology = load(db, id, number);
    cache.set(id, topology);
    topology.catch(() => cache.delete(id));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return topology;
}

async function load(db: Db, id: string, number: number): Promise<Topology> {
  // Note: read as text and parsed here; Prisma's JSON decoding of a large document is much slower.
  const [row] = await db.$queryRaw<
    { document: string }[]
  >`SELECT document::text AS document FROM "Revision" WHERE id = ${id}`;
  const parsed = parseTopology(JSON.parse(row!.document));
  // Stored revisions were validated on the way in; a failure here means the format changed.
  if (!parsed.ok)
    throw AppError.conflict(
      `Revision ${number} is not a valid topology; save a corrected one or restore an earlier one.`,
      { issues: parsed.errors },
    );
  return parsed.topology;
}
