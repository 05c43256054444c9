// Drops the run's database.
import pg from "pg";
import { maintenanceUrl } from "../lib/db/database-url";
import { e2eDatabaseUrl } from "./fixtures/e2e-database";

export default async function globalTeardown() {
  const name = process.env.PORTICO_E2E_DB ?? "";
  const { url } = maintenanceUrl(e2eDatabaseUrl(name));
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
