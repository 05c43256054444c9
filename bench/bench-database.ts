// A fresh, migrated database per benchmark run, on the server DATABASE_URL names; dropped at the end.
import path from "node:path";
import { databaseUrl } from "@/lib/db/database-url";
import { dropDatabase, ensureDatabase, migrateAll } from "@/lib/db/migrate";

export async function createBenchDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(databaseUrl());
  base.pathname = `/${prefix}_${Date.now().toString(36)}`;
  const url = base.toString();
  await ensureDatabase(url);
  await migrateAll(url, path.resolve("prisma/migrations"));
  return { url, drop: () => dropDatabase(url) };
}
