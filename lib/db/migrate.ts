// Applies the SQL migrations under prisma/migrations without the Prisma CLI.
//
// Note: the Prisma 7 CLI downloads a native schema engine on every `migrate` command, which fails on
// machines without access to Prisma's binary host. The migrations are plain SQL in Prisma's own
// layout, so this runner applies them and records each one in `_prisma_migrations` exactly as
// `prisma migrate deploy` does (same table, same SHA-256 checksum of migration.sql). A database
// migrated here can later be managed with `prisma migrate deploy`, and vice versa.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Logger, runMigrations as runQueueMigrations } from "graphile-worker";
import pg from "pg";
import { maintenanceUrl } from "./database-url";

export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

// graphile-worker logs every migration step at info level; the CLI prints its own summary.
const silentLogger = new Logger(() => () => undefined);

const LOCK_ID = 7_346_201; // arbitrary constant shared by every Portico migrator

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export async function listMigrations(
  dir: string,
): Promise<{ name: string; sql: string; checksum: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Creates the database named in `url` when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { url: adminUrl, database } = maintenanceUrl(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Drops the database named in `url` (tests and benchmarks clean up after themselves). */
export async function dropDatabase(url: string): Promise<void> {
  const { url: adminUrl, database } = maintenanceUrl(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function migrate(url: string, dir: string): Promise<MigrationResult> {
  const migrations = await listMigrations(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  try {
    // Note: a session-level advisory lock makes concurrent migrators (two app instances starting at
    // once) wait for each other instead of applying the same migration twice.
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(CREATE_TABLE);
    const rows = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const recorded = new Map(
      rows.rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]),
    );
    for (const m of migrations) {
      const row = recorded.get(m.name);
      if (row && row.finished_at === null) {
        throw new Error(
          `Migration ${m.name} started earlier but never finished. Inspect the database, then mark it rolled back ` +
            `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${m.name}') and run again.`,
        );
      }
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied (checksum differs). Restore the original file ` +
              `and put the change in a new migration.`,
          );
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
  return result;
}

/**
 * Everything a database needs before Portico starts: Portico's own migrations, then the job queue's
 * schema (graphile-worker), so a revision can enqueue its sync job inside its own transaction even
 * before any worker has started.
 */
export async function migrateAll(url: string, dir: string): Promise<MigrationResult> {
  const result = await migrate(url, dir);
  await runQueueMigrations({ connectionString: url, logger: silentLogger });
  return result;
}
