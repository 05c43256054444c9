// The one Prisma client of the process, connected through the pg driver adapter (no Rust engine).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";
import { databaseUrl } from "./database-url";

const globalForPrisma = globalThis as unknown as { portico_prisma?: PrismaClient };

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: env().PORTICO_DB_POOL_SIZE }),
  });
}

/** Shared client; reused across Next.js hot reloads in development. */
export const prisma: PrismaClient = globalForPrisma.portico_prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.portico_prisma = prisma;

export type { PrismaClient } from "./generated/client";
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
