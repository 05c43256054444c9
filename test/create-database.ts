// A database beside the run's own, created and migrated for one test file.
// Note: this file must not import the Prisma client: test/helpers/own-database.ts points
// DATABASE_URL at the new database before the shared client is first created.
import path from "node:path";
import { dropDatabase, ensureDatabase, migrateAll } from "../lib/db/migrate";

/** Creates and migrates a database beside the run's own; `drop` removes it. */
export async function createDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `${base.pathname}_${label}_${Math.random().toString(36).slice(2, 8)}`;
  const url = base.toString();
  await ensureDatabase(url);
  await migrateAll(url, path.resolve("prisma/migrations"));
  return {
    url,
    drop: () => dropDatabase(url),
  };
}
