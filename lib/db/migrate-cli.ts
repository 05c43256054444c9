// `npm run db:migrate`: creates Portico's database when missing and applies every migration.
import path from "node:path";
import { databaseUrl, redactUrl, unreachableMessage } from "./database-url";
import { ensureDatabase, migrateAll } from "./migrate";

const url = databaseUrl();
try {
  if (await ensureDatabase(url)) console.log(`Created database ${redactUrl(url)}`);
  const result = await migrateAll(url, path.resolve("prisma/migrations"));
  for (const name of result.applied) console.log(`Applied ${name}`);
  console.log(
    result.applied.length === 0
      ? `Database is up to date (${result.alreadyApplied.length} migrations).`
      : `Applied ${result.applied.length} migration(s).`,
  );
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "28P01" || code === "3D000") {
    console.error(unreachableMessage(url, err));
  } else {
    console.error((err as Error).message);
  }
  process.exit(1);
}
