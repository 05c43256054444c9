// Drops the run's database.
import { dropDatabase } from "../lib/db/migrate";
import { e2eDatabaseUrl } from "./fixtures/e2e-database";

export default async function globalTeardown() {
  await dropDatabase(e2eDatabaseUrl(process.env.PORTICO_E2E_DB ?? ""));
}
