// Inventory rows for objects about to be applied for the first time, in one statement.
import type { PrismaClient } from "@/lib/db/client";
import { PRODUCT_LABEL, type K8sObject } from "@/lib/topology";
import { inventoryIdentity } from "./inventory-key";

export async function insertPendingRows(
  db: PrismaClient,
  clusterId: string,
  objects: readonly K8sObject[],
): Promise<void> {
  const rows = objects.map((o) => ({
    ...inventoryIdentity(o),
    productSlug: o.metadata.labels?.[PRODUCT_LABEL] ?? null,
  }));
  await db.$executeRaw`
    INSERT INTO "InventoryObject" (id, "clusterId", "apiVersion", kind, namespace, name, "productSlug", status)
    SELECT gen_random_uuid()::text, ${clusterId}, r."apiVersion", r.kind, r.namespace, r.name, r."productSlug", 'pending'
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r("apiVersion" text, kind text, namespace text, name text, "productSlug" text)
    ON CONFLICT ("clusterId", "apiVersion", kind, namespace, name) DO NOTHING`;
}
