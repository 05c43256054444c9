// A cluster's row written as given: no connection test, no audit event. For seeds, benchmarks and
// tests that stand clusters up directly; people register clusters through register-cluster.ts.
import { randomUUID } from "node:crypto";
import type { PrismaClient, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { sealClusterCredentials, type ClusterCredentials } from "./cluster-credentials";

type ClusterRow = Omit<Prisma.ClusterUncheckedCreateInput, "id" | "credentials" | "credentialsKeyId">;

/** The credentials are sealed under the row's id, so the id is chosen here, before the row. */
export function insertCluster(db: PrismaClient | Tx, row: ClusterRow, credentials: ClusterCredentials) {
  const id = randomUUID();
  return db.cluster.create({ data: { id, ...row, ...sealClusterCredentials(id, credentials) } });
}
