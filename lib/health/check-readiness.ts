// Whether this process can serve: the database answers and holds every migration this build ships.
// Shared by the web app's /api/health/ready and the worker's own readiness endpoint.
import path from "node:path";
import { listMigrations } from "@/lib/db/migrate";

/** The one query this check needs, so the web app's Prisma client and the worker's both fit. */
export type ReadinessDb = { $queryRawUnsafe<T = unknown>(query: string): Promise<T> };

export type Readiness =
  | { ready: true; database: "ok"; migrations: "ok" }
  | { ready: false; database: "unreachable"; migrations: "unknown"; reason: string }
  | { ready: false; database: "ok"; migrations: "pending"; pending: string[] };

/** Where the migrations of this build live (the release bundle keeps the same layout). */
export const MIGRATIONS_DIR = path.join("prisma", "migrations");

let shipped: Promise<string[]> | undefined;

// Note: a build's migrations never change while it runs, so they are read once; a failed read is
// retried on the next check instead of being remembered.
function shippedMigrations(dir: string): Promise<string[]> {
  shipped ??= listMigrations(path.resolve(dir))
    .then((list) => list.map((m) => m.name))
    .catch((err: unknown) => {
      shipped = undefined;
      throw err;
    });
  return shipped;
}

export async function checkReadiness(db: ReadinessDb, dir = MIGRATIONS_DIR): Promise<Readiness> {
  let applied: Set<string>;
  try {
    // A reachable database without the migrations table is one nobody has migrated yet.
    const [table] = await db.$queryRawUnsafe<{ present: boolean }[]>(
      `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
    );
    const rows = table?.present
      ? await db.$queryRawUnsafe<{ migration_name: string }[]>(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      : [];
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (err) {
    return { ready: false, database: "unreachable", migrations: "unknown", reason: messageOf(err) };
  }
  const pending = (await shippedMigrations(dir)).filter((name) => !applied.has(name));
  return pending.length
    ? { ready: false, database: "ok", migrations: "pending", pending }
    : { ready: true, database: "ok", migrations: "ok" };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
}
