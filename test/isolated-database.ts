// A database of its own for a test file whose subject is global state (the newest revision, the job
// queue), so files running in parallel cannot disturb each other. Dropped when the file ends.
import { createPrismaClient, type PrismaClient } from "../lib/db/client";
import { createDatabase } from "./create-database";

export type IsolatedDatabase = { url: string; db: PrismaClient; drop(): Promise<void> };

/** A database of its own with its own Prisma client. */
export async function createIsolatedDatabase(label: string): Promise<IsolatedDatabase> {
  const created = await createDatabase(label);
  const db = createPrismaClient(created.url);
  return {
    url: created.url,
    db,
    async drop() {
      await db.$disconnect();
      await created.drop();
    },
  };
}
