// Drops the run's databases (the wide-content project's too, when it ran).
import { dropDatabase } from "../lib/db/migrate";
import { e2eDatabaseUrl } from "./fixtures/e2e-database";

export default async function globalTeardown() {
  await dropDatabase(e2eDatabaseUrl(process.env.PORTICO_E2E_DB ?? ""));
  await dropDatabase(e2eDatabaseUrl(`${process.env.PORTICO_E2E_DB ?? ""}_wide`));
}
