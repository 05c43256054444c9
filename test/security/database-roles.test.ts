// Least privilege in Postgres, through the real `npm run db:migrate -- --create-roles` against a
// database first migrated by the server's admin (the upgrade path): afterwards the app role works
// (reads, appends history, queues jobs) but cannot DELETE or TRUNCATE AuditEvent or Revision, ALTER
// a table, drop or disable a trigger, or switch triggers off for its session. Revision's own
// triggers refuse DELETE and TRUNCATE even to the admin.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { runMigrations } from "graphile-worker";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../create-database";

const exec = promisify(execFile);
const serverUrl = process.env.DATABASE_URL!;
const suffix = Math.random().toString(36).slice(2, 8);
const roles = { owner: `portico_owner_${suffix}`, app: `portico_app_${suffix}` };

let db: { url: string; drop(): Promise<void> };
let app: pg.Client;
let admin: pg.Client;
let cliOutput: string;

function as(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = "";
  return u.toString();
}

beforeAll(async () => {
  db = await createDatabase("roles");
  const { stdout } = await exec("npx", ["tsx", "lib/db/migrate-cli.ts", "--create-roles"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORTICO_DB_OWNER_ROLE: roles.owner,
      PORTICO_DB_APP_ROLE: roles.app,
    },
  });
  cliOutput = stdout;
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  app = new pg.Client({ connectionString: as(db.url, roles.app) });
  await app.connect();
}, 120_000);

afterAll(async () => {
  await app?.end();
  await admin?.end();
  const { prisma } = await import("@/lib/db/client");
  await prisma.$disconnect();
  await db?.drop();
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  for (const role of [roles.app, roles.owner]) await server.query(`DROP ROLE IF EXISTS "${role}"`);
  await server.end();
});

async function insertRevision(client: pg.Client): Promise<string> {
  const id = randomUUID();
  const number = (
    await client.query<{ n: number }>(`SELECT coalesce(max(number), 0) + 1 AS n FROM "Revision"`)
  ).rows[0]!.n;
  await client.query(
    `INSERT INTO "Revision" (id, number, document, "documentHash", message) VALUES ($1, $2, '{}'::jsonb, 'h', 'roles test')`,
    [id, number],
  );
  return id;
}

describe("npm run db:migrate -- --create-roles", () => {
  it("hands Portico's tables to the owner role, the job queue to the app role", async () => {
    expect(cliOutput).toContain(`${roles.owner} owns the tables`);
    const notOwned = await admin.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND ((n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> $1)
          OR (n.nspname = 'graphile_worker' AND pg_get_userbyid(c.relowner) <> $2))`,
      [roles.owner, roles.app],
    );
    expect(notOwned.rows).toEqual([]);
    const attrs = await admin.query(
      `SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = $1`,
      [roles.app],
    );
    expect(attrs.rows[0]).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolbypassrls: false,
    });
  });

  it("is idempotent: a second run changes nothing and succeeds", async () => {
    const { stdout } = await exec("npx", ["tsx", "lib/db/migrate-cli.ts", "--create-roles"], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        PORTICO_DB_OWNER_ROLE: roles.owner,
        PORTICO_DB_APP_ROLE: roles.app,
      },
    });
    expect(stdout).toMatch(/Database is up to date/);
  }, 60_000);
});

describe("the app role", () => {
  it("reads, appends history and queues jobs", async () => {
    const id = await insertRevision(app);
    expect((await app.query(`SELECT id FROM "Revision" WHERE id = $1`, [id])).rowCount).toBe(1);
    await app.query(`INSERT INTO "AuditEvent" (action, "targetType") VALUES ('test.roles', 'test')`);
    await app.query(`SELECT graphile_worker.add_job('sync-cluster', '{}'::json, job_key => $1)`, [
      `roles-${suffix}`,
    ]);
    // The worker's own migration check at start-up is a no-op for it.
    await runMigrations({ connectionString: as(db.url, roles.app) });
  });

  it("runs Portico's own write path: a revision with its projection, audit event and sync job", async () => {
    // Note: the shared Prisma client reads DATABASE_URL when first imported; nothing above imports it.
    process.env.DATABASE_URL = as(db.url, roles.app);
    const { prisma } = await import("@/lib/db/client");
    const { createRevision } = await import("@/lib/revisions/create-revision");
    const { loadExample } = await import("@/lib/topology/examples");
    await prisma.cluster.create({
      data: { name: "east", server: "https://east.invalid", credentials: "x", credentialsKeyId: "k" },
    });
    const revision = await prisma.$transaction((tx) =>
      createRevision(tx, { document: loadExample("00-shared-ingress"), message: "as the app", actor: null }),
    );
    expect(await prisma.route.count({ where: { revisionId: revision.id } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { targetId: revision.id } })).toBe(1);
    const jobs = await admin.query(`SELECT 1 FROM graphile_worker.jobs WHERE key = 'sync:east'`);
    expect(jobs.rowCount).toBe(1);
    const [who] = await prisma.$queryRaw<{ u: string }[]>`SELECT current_user AS u`;
    expect(who?.u).toBe(roles.app);
  });

  const refused: [string, string][] = [
    ["DELETE an audit event", `DELETE FROM "AuditEvent"`],
    ["TRUNCATE the audit log", `TRUNCATE "AuditEvent"`],
    ["DELETE a revision", `DELETE FROM "Revision"`],
    ["TRUNCATE revisions", `TRUNCATE "Revision"`],
    ["UPDATE a revision", `UPDATE "Revision" SET message = 'rewritten'`],
    ["UPDATE an audit event", `UPDATE "AuditEvent" SET action = 'tampered'`],
    ["disable the audit triggers", `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`],
    ["drop a trigger", `DROP TRIGGER "Revision_immutable" ON "Revision"`],
    ["alter a table", `ALTER TABLE "Revision" ADD COLUMN sneaky text`],
    ["drop a table", `DROP TABLE "AuditEvent"`],
    ["switch triggers off for its session", `SET session_replication_role = replica`],
    ["create a table", `CREATE TABLE public.sneaky (id int)`],
    ["rewrite the migration history", `DELETE FROM "_prisma_migrations"`],
  ];
  it.each(refused)("cannot %s", async (_, sql) => {
    const before = await admin.query(
      `SELECT (SELECT count(*) FROM "Revision") r, (SELECT count(*) FROM "AuditEvent") a`,
    );
    await expect(app.query(sql)).rejects.toThrow(/permission denied|must be owner|append-only/);
    const after = await admin.query(
      `SELECT (SELECT count(*) FROM "Revision") r, (SELECT count(*) FROM "AuditEvent") a`,
    );
    expect(after.rows).toEqual(before.rows);
  });
});

describe("Revision triggers", () => {
  it("refuse DELETE and TRUNCATE even to the server's admin", async () => {
    const id = await insertRevision(admin);
    await expect(admin.query(`DELETE FROM "Revision" WHERE id = $1`, [id])).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(admin.query(`TRUNCATE "Revision" CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await admin.query(`SELECT 1 FROM "Revision" WHERE id = $1`, [id])).rowCount).toBe(1);
  });
});
