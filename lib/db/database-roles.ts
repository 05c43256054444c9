// Least privilege in Postgres: an owner role that owns every table and runs the migrations, and an
// app role that Portico connects as. The app role owns nothing, so it cannot ALTER a table, drop or
// disable a trigger, or TRUNCATE; it may not DELETE (or UPDATE) audit events or revisions at all,
// so the append-only triggers are a second line rather than the only one. docs/operating.md gives
// the same SQL for people who manage roles by hand.
import pg from "pg";

export type DatabaseRoles = {
  /** Owns the schemas and tables; migrations run as this role. */
  owner: string;
  /** What Portico connects as. */
  app: string;
  ownerPassword?: string;
  appPassword?: string;
};

export const DEFAULT_ROLES = { owner: "portico_owner", app: "portico_app" } as const;

// Note: the job queue (graphile-worker) lives in its own schema and guards its private tables with
// row-level security that only their owner passes, so the app role owns that schema (a queue is
// working state, not history); the owner role is a member of the app role so that migrations of
// the queue still run as the owner. Portico's own tables are in public, owned by the owner role.
const QUEUE_SCHEMA = "graphile_worker";

/** The tables the app may only read and append to. */
export const APPEND_ONLY_TABLES = ["AuditEvent", "Revision"];

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

function createRole(name: string, password: string | undefined): string {
  const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION${
    password ? ` PASSWORD ${literal(password)}` : ""
  }`;
  return `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(name)}) THEN
    CREATE ROLE ${ident(name)} ${attrs};
  ELSE
    ALTER ROLE ${ident(name)} ${attrs};
  END IF;
END $$`;
}

/** Makes `owner` the owner of `schema` and of every object in it (idempotent). */
function transferOwnership(schema: string, owner: string): string {
  const schemas = literal(schema);
  return `DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace WHERE nspname IN (${schemas}) LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, ${literal(owner)});
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN (${schemas}) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO %I', r.name, ${literal(owner)});
  END LOOP;
  -- Sequences owned by a column moved with their table above.
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN (${schemas}) AND c.relkind = 'S'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.name, ${literal(owner)});
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname IN (${schemas}) LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, ${literal(owner)});
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname IN (${schemas})
             AND (t.typtype IN ('e', 'd')
                  OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')) LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', r.name, ${literal(owner)});
  END LOOP;
END $$`;
}

function ownership(roles: Pick<DatabaseRoles, "owner" | "app">): string[] {
  return [transferOwnership("public", roles.owner), transferOwnership(QUEUE_SCHEMA, roles.app)];
}

/** What the app role may do: read and write its tables, append only to history, own nothing. */
export function appGrants(database: string, roles: Pick<DatabaseRoles, "owner" | "app">): string[] {
  const app = ident(roles.app);
  const owner = ident(roles.owner);
  const appendOnly = APPEND_ONLY_TABLES.map((t) => `public.${ident(t)}`).join(", ");
  return [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database)} TO ${app}`,
    `REVOKE CREATE ON DATABASE ${ident(database)} FROM ${app}`,
    `GRANT USAGE ON SCHEMA public TO ${app}`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC, ${app}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
    `REVOKE INSERT, UPDATE, DELETE ON public."_prisma_migrations" FROM ${app}`,
    `REVOKE UPDATE, DELETE ON ${appendOnly} FROM ${app}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${app}`,
    // Tables a later migration adds get the same rights; history tables are revoked again above
    // on every run of `npm run db:migrate -- --create-roles`.
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
  ];
}

async function run(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates (or updates) both roles and hands every existing object to the owner. Run as a role that
 * may create roles (the server's admin); `database` is Portico's database on that server.
 */
export async function createDatabaseRoles(
  url: string,
  database: string,
  roles: DatabaseRoles,
): Promise<void> {
  await run(url, [
    createRole(roles.owner, roles.ownerPassword),
    createRole(roles.app, roles.appPassword),
    `GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${ident(database)} TO ${ident(roles.owner)}`,
    `GRANT ${ident(roles.app)} TO ${ident(roles.owner)}`,
    ...ownership(roles),
  ]);
}

/** Re-applies ownership and the app role's grants after migrations (idempotent). */
export async function grantAppRole(url: string, database: string, roles: DatabaseRoles): Promise<void> {
  await run(url, [...ownership(roles), ...appGrants(database, roles)]);
}

/** The same server and database, acting as `role` (the connecting user must be a member of it). */
export function asRole(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c role=${role}`);
  return parsed.toString();
}
