// Creates a fresh database for this test run, migrates it, and drops it afterwards.
// Tests read DATABASE_URL, which points at that database for every worker.
import path from "node:path";
import { databaseUrl, unreachableMessage } from "../lib/db/database-url";
import { dropDatabase, ensureDatabase, migrateAll } from "../lib/db/migrate";

export function testDatabaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup() {
  const base = process.env.TEST_DATABASE_URL ?? databaseUrl();
  const host = new URL(base).hostname;
  // Note: the suite creates and drops databases, so it refuses to run against anything but a local
  // server unless told explicitly.
  if (
    !["127.0.0.1", "localhost", "::1", "[::1]"].includes(host) &&
    process.env.PORTICO_TEST_ALLOW_REMOTE_DB !== "1"
  ) {
    throw new Error(
      `Refusing to run tests against non-local database host ${host}; set PORTICO_TEST_ALLOW_REMOTE_DB=1 to allow.`,
    );
  }
  const name = `portico_test_${process.pid}_${Date.now().toString(36)}`;
  const url = testDatabaseUrl(base, name);
  try {
    await ensureDatabase(url);
  } catch (err) {
    throw new Error(unreachableMessage(url, err));
  }
  await migrateAll(url, path.resolve("prisma/migrations"));
  process.env.DATABASE_URL = url;
  process.env.PORTICO_TEST_DATABASE = name;

  return () => dropDatabase(url);
}
