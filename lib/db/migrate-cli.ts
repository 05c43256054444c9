// `npm run db:migrate`: creates Portico's database when missing and applies every migration.
// `npm run db:migrate -- --create-roles` also creates an owner role (owns the tables, runs the
// migrations) and an app role for Portico to connect as (see lib/db/database-roles.ts); run it with
// the server's admin in DATABASE_URL. Names and passwords: PORTICO_DB_OWNER_ROLE,
// PORTICO_DB_OWNER_PASSWORD, PORTICO_DB_APP_ROLE, PORTICO_DB_APP_PASSWORD.
import path from "node:path";
import { databaseUrl, maintenanceUrl, redactUrl, unreachableMessage } from "./database-url";
import {
  asRole,
  createDatabaseRoles,
  DEFAULT_ROLES,
  grantAppRole,
  type DatabaseRoles,
} from "./database-roles";
import { ensureDatabase, migrateAll } from "./migrate";
import { currentSetting } from "@/lib/env";

const url = databaseUrl();
const createRoles = process.argv.includes("--create-roles");
const roles: DatabaseRoles = {
  owner: currentSetting("PORTICO_DB_OWNER_ROLE") ?? DEFAULT_ROLES.owner,
  app: currentSetting("PORTICO_DB_APP_ROLE") ?? DEFAULT_ROLES.app,
  ownerPassword: currentSetting("PORTICO_DB_OWNER_PASSWORD"),
  appPassword: currentSetting("PORTICO_DB_APP_PASSWORD"),
};
try {
  if (await ensureDatabase(url)) console.log(`Created database ${redactUrl(url)}`);
  const { database } = maintenanceUrl(url);
  if (createRoles) await createDatabaseRoles(url, database, roles);
  const result = await migrateAll(
    createRoles ? asRole(url, roles.owner) : url,
    path.resolve("prisma/migrations"),
  );
  for (const name of result.applied) console.log(`Applied ${name}`);
  console.log(
    result.applied.length === 0
      ? `Database is up to date (${result.alreadyApplied.length} migrations).`
      : `Applied ${result.applied.length} migration(s).`,
  );
  if (createRoles) {
    await grantAppRole(url, database, roles);
    console.log(
      `Roles ready: ${roles.owner} owns the tables (migrate as it), ${roles.app} is what Portico connects as ` +
        `(it cannot DELETE or TRUNCATE AuditEvent or Revision, ALTER tables or disable triggers).`,
    );
  }
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "28P01" || code === "3D000") {
    console.error(unreachableMessage(url, err));
  } else {
    console.error((err as Error).message);
  }
  process.exit(1);
}
