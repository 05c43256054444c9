// A database of its own for a test file whose subject is global state (the newest revision, the job
// queue), so files running in parallel cannot disturb each other. Dropped when the file ends.
import path from "node:path";
import pg from "pg";
import { createPrismaClient, type PrismaClient } from "../lib/db/client";
import { maintenanceUrl } from "../lib/db/database-url";
import { ensureDatabase, migrateAll } from "../lib/db/migrate";

export type IsolatedDatabase = { url: string; db: PrismaClient; drop(): Promise<void> };

export async function createIsolatedDatabase(label: string): Promise<IsolatedDatabase> {
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `${base.pathname}_${label}_${Math.random().toString(36).slice(2, 8)}`;
  const url = base.toString();
  await ensureDatabase(url);
  await migrateAll(url, path.resolve("prisma/migrations"));
  const db = createPrismaClient(url);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const admin = new pg.Client({ connectionString: maintenanceUrl(url).url });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${maintenanceUrl(url).database}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
