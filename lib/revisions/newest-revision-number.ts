// The number of the newest revision, against which clusters are in sync or behind.
import { prisma } from "@/lib/db/client";

/** null while no revision is recorded. */
export async function newestRevisionNumber(): Promise<number | null> {
  const newest = await prisma.revision.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
  return newest?.number ?? null;
}
