// The suite runs against its own fresh, migrated database.
import { describe, expect, it } from "vitest";
import pg from "pg";

describe("test database", () => {
  it("is a fresh per-run database with every migration applied", async () => {
    const url = process.env.DATABASE_URL ?? "";
    expect(url).toContain(process.env.PORTICO_TEST_DATABASE ?? "missing");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query(
        'SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
      );
      expect(rows.rows[0].n).toBeGreaterThanOrEqual(2);
    } finally {
      await client.end();
    }
  });
});
