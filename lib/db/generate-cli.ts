// `npm run db:generate`: generates the Prisma client into lib/db/generated.
//
// Note: `prisma generate` does not use the schema engine, but the Prisma 7 CLI tries to download it
// anyway unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file. Pointing it at this script keeps
// generation offline; migrations are applied by lib/db/migrate.ts, never by that engine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const run = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(run.status ?? 1);
