// Creates, migrates and seeds the run's database (named in playwright.config.ts).
//
// Note: Playwright starts the web server before globalSetup, and the server needs its database, so
// the webServer command runs this file first (`tsx e2e/global-setup.ts && next ...`). It is
// idempotent, so running it again as globalSetup is harmless.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { unreachableMessage } from "../lib/db/database-url";
import { e2eDatabaseUrl } from "./fixtures/e2e-database";
import { seedUsers } from "./fixtures/seed-users";
import { registerSimClusters } from "./fixtures/sim-clusters";

export default async function globalSetup() {
  const url = e2eDatabaseUrl(process.env.PORTICO_E2E_DB ?? "");
  try {
    await ensureDatabase(url);
  } catch (err) {
    throw new Error(unreachableMessage(url, err));
  }
  await migrate(url, path.resolve("prisma/migrations"));
  await seedUsers(url);
  // The simulated clusters (started by playwright.config.ts before the web server) are registered
  // when their kubeconfig exists; specs that need no cluster are unaffected.
  if (process.env.PORTICO_E2E_KUBECONFIG) await registerSimClusters(url, process.env.PORTICO_E2E_KUBECONFIG);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  globalSetup().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
