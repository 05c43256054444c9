// The offline migrator must behave like `prisma migrate deploy`: apply once, record checksums,
// refuse edited migrations, and roll back a failing one completely.
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, ensureDatabase, migrate } from "./migrate";

const base = process.env.DATABASE_URL!;
const url = (() => {
  const u = new URL(base);
  u.pathname = `${u.pathname}_migrate`;
  return u.toString();
})();

async function write(dir: string, name: string, sql: string) {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

async function query(sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("migrate", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "portico-mig-"));
    expect(await ensureDatabase(url)).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });
  afterAll(() => dropDatabase(url));

  it("applies pending migrations once and records them like Prisma", async () => {
    await write(dir, "001_a", "CREATE TABLE a (id int);");
    await write(dir, "002_b", "CREATE TABLE b (id int);");
    expect(await migrate(url, dir)).toEqual({ applied: ["001_a", "002_b"], alreadyApplied: [] });
    expect(await migrate(url, dir)).toEqual({ applied: [], alreadyApplied: ["001_a", "002_b"] });
    const rows = await query(
      'SELECT migration_name, length(checksum) AS len, applied_steps_count FROM "_prisma_migrations" ORDER BY 1',
    );
    expect(rows).toEqual([
      { migration_name: "001_a", len: 64, applied_steps_count: 1 },
      { migration_name: "002_b", len: 64, applied_steps_count: 1 },
    ]);
  });

  it("rolls back a failing migration entirely and leaves no record", async () => {
    await write(dir, "003_bad", "CREATE TABLE c (id int); SELECT no_such_function();");
    await expect(migrate(url, dir)).rejects.toThrow(/003_bad failed and was rolled back/);
    expect(await query("SELECT to_regclass('c') AS t")).toEqual([{ t: null }]);
    expect(
      await query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '003_bad'`),
    ).toEqual([{ n: 0 }]);
  });

  it("refuses a migration edited after it was applied", async () => {
    await write(dir, "003_bad", "CREATE TABLE c (id int);");
    await migrate(url, dir);
    await write(dir, "001_a", "CREATE TABLE a (id int, extra text);");
    await expect(migrate(url, dir)).rejects.toThrow(/001_a was changed after it was applied/);
  });
});
