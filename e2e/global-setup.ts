// Creates, migrates and seeds the run's database (named in playwright.config.ts).
//
// Note: Playwright starts the web server before globalSetup, and the server needs its database, so
// the webServer command runs this file first (`tsx e2e/global-setup.ts && next ...`). It is
// idempotent, so running it again as globalSetup is harmless.
// `--large` also loads the wide estate (lib/db/seed-large.ts): the wide-content project runs its
// own server on its own database seeded that way, so the other specs never see it.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureDatabase, migrateAll } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/client";
import { unreachableMessage } from "../lib/db/database-url";
import { seedLarge } from "../lib/db/seed-large";
import { e2eDatabaseUrl } from "./fixtures/e2e-database";
import { seedUsers } from "./fixtures/seed-users";
import { registerSimClusters } from "./fixtures/sim-clusters";

export default async function globalSetup(options: { large?: boolean } = {}) {
  const url = e2eDatabaseUrl(process.env.PORTICO_E2E_DB ?? "");
  try {
    await ensureDatabase(url);
  } catch (err) {
    throw new Error(unreachableMessage(url, err));
  }
  await migrateAll(url, path.resolve("prisma/migrations"));
  await seedUsers(url);
  // The simulated clusters (started by playwright.config.ts before the web server) are registered
  // when their kubeconfig exists; specs that need no cluster are unaffected.
  if (process.env.PORTICO_E2E_KUBECONFIG) await registerSimClusters(url, process.env.PORTICO_E2E_KUBECONFIG);
  if (options.large === true) {
    const db = createPrismaClient(url);
    try {
      await seedLarge(db);
    } finally {
      await db.$disconnect();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  globalSetup({ large: process.argv.includes("--large") }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
