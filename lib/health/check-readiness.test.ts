// Readiness against real Postgres: a migrated database, one missing a migration, one nobody has
// migrated, and a server that does not answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { dropDatabase, ensureDatabase, listMigrations } from "@/lib/db/migrate";
import { createIsolatedDatabase, type IsolatedDatabase } from "@/test/isolated-database";
import { checkReadiness, MIGRATIONS_DIR } from "./check-readiness";

let iso: IsolatedDatabase;
beforeAll(async () => {
  iso = await createIsolatedDatabase("ready");
});
afterAll(() => iso.drop());

describe("checkReadiness", () => {
  it("is ready when every shipped migration is applied, and names the ones that are not", async () => {
    expect(await checkReadiness(iso.db)).toEqual({ ready: true, database: "ok", migrations: "ok" });
    const names = (await listMigrations(MIGRATIONS_DIR)).map((m) => m.name);
    const last = names.at(-1)!;
    await iso.db.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`,
      last,
    );
    expect(await checkReadiness(iso.db)).toEqual({
      ready: false,
      database: "ok",
      migrations: "pending",
      pending: [last],
    });
  });

  it("reports every migration pending on a database nobody has migrated", async () => {
    const url = iso.url.replace(/_ready_/, "_bare_");
    await ensureDatabase(url);
    const bare = createPrismaClient(url);
    try {
      const result = await checkReadiness(bare);
      expect(result).toMatchObject({ ready: false, database: "ok", migrations: "pending" });
      expect(result.ready === false && "pending" in result && result.pending.length).toBe(
        (await listMigrations(MIGRATIONS_DIR)).length,
      );
    } finally {
      await bare.$disconnect();
      await dropDatabase(url);
    }
  });

  it("reports a database that does not answer as unreachable", async () => {
    const nowhere = createPrismaClient("postgresql://postgres@127.0.0.1:1/portico");
    try {
      expect(await checkReadiness(nowhere)).toMatchObject({
        ready: false,
        database: "unreachable",
        migrations: "unknown",
      });
    } finally {
      await nowhere.$disconnect();
    }
  });
});
