/** Where Portico looks for Postgres when DATABASE_URL is not set: the machine's local server. */
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/portico";

export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  return env.DATABASE_URL && env.DATABASE_URL.trim() !== "" ? env.DATABASE_URL : DEFAULT_DATABASE_URL;
}

/** The same server's maintenance database, used to create or drop Portico's own database. */
export function maintenanceUrl(url: string): { url: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres";
  parsed.pathname = "/postgres";
  return { url: parsed.toString(), database };
}

/** A connection string with the password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** The message a person sees when no Postgres answers: what failed and how to fix it. */
export function unreachableMessage(url: string, cause: unknown): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return [
    `Portico cannot reach PostgreSQL at ${redactUrl(url)} (${reason}).`,
    "Point Portico at a PostgreSQL 15+ server with DATABASE_URL, for example:",
    "  export DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/portico",
    "or start a local server listening on 127.0.0.1:5432 that accepts the user postgres.",
  ].join("\n");
}
