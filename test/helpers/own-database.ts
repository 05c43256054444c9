// Import this first in a test file whose subject is global state (the newest revision): it points
// DATABASE_URL at a fresh, migrated database of the file's own before anything opens the shared
// client, so the file's revisions never disturb files running in parallel. Call dropOwnDatabase()
// in afterAll.
import path from "node:path";
import pg from "pg";
import { maintenanceUrl } from "../../lib/db/database-url";
import { ensureDatabase, migrateAll } from "../../lib/db/migrate";

const url = new URL(process.env.DATABASE_URL!);
url.pathname = `${url.pathname}_own_${Math.random().toString(36).slice(2, 8)}`;
await ensureDatabase(url.toString());
await migrateAll(url.toString(), path.resolve("prisma/migrations"));
process.env.DATABASE_URL = url.toString();
export const OWN_DATABASE_URL = url.toString();

export async function dropOwnDatabase() {
  const admin = new pg.Client({ connectionString: maintenanceUrl(OWN_DATABASE_URL).url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${maintenanceUrl(OWN_DATABASE_URL).database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
