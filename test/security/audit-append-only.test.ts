// The audit log is append-only even for the application's own database user using direct SQL:
// Postgres triggers (prisma/migrations/20261126070100_append_only_audit) refuse UPDATE, DELETE and
// TRUNCATE. Tested with `pg` directly, not through Prisma, to prove nothing in the app is needed.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let client: pg.Client;
let id: string;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const res = await client.query<{ id: string }>(
    `INSERT INTO "AuditEvent" (action, "targetType", "actorEmail", after) VALUES ('test.append-only', 'test', 'auditor@test.portico', '{"status":"x"}') RETURNING id`,
  );
  id = res.rows[0]!.id;
});

afterAll(async () => {
  await client.end();
});

describe("AuditEvent is append-only", () => {
  it("refuses UPDATE", async () => {
    await expect(
      client.query(`UPDATE "AuditEvent" SET action = 'tampered' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
  });

  it("refuses DELETE", async () => {
    await expect(client.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it("refuses TRUNCATE", async () => {
    await expect(client.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
  });

  it("refuses an UPDATE inside a transaction that also inserts, and keeps the row as written", async () => {
    await client.query("BEGIN");
    try {
      await client.query(`INSERT INTO "AuditEvent" (action, "targetType") VALUES ('test.other', 'test')`);
      await expect(
        client.query(`UPDATE "AuditEvent" SET after = '{"status":"y"}' WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
    } finally {
      await client.query("ROLLBACK");
    }
    const row = await client.query(`SELECT action, after FROM "AuditEvent" WHERE id = $1`, [id]);
    expect(row.rows[0]).toEqual({ action: "test.append-only", after: { status: "x" } });
  });

  it("runs as the same user the application connects with", async () => {
    const who = await client.query<{ current_user: string }>("SELECT current_user");
    expect(who.rows[0]!.current_user).toBe(
      decodeURIComponent(new URL(process.env.DATABASE_URL!).username || who.rows[0]!.current_user),
    );
  });
});
