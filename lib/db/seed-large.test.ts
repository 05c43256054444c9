import { describe, expect, it } from "vitest";
import { createIsolatedDatabase } from "@/test/isolated-database";
import { LARGE_CLUSTERS, LARGE_PRODUCTS, longHost, seedLarge } from "./seed-large";

describe("seedLarge", () => {
  it("makes host names of exactly 253 characters with labels of at most 63", () => {
    for (const key of ["product-000", "api-7", "requested-2-1"]) {
      const host = longHost(key);
      expect(host).toHaveLength(253);
      expect(host.startsWith(`${key}.`)).toBe(true);
      expect(host.split(".").every((l) => l.length >= 1 && l.length <= 63)).toBe(true);
    }
  });

  it("loads the wide estate once, with the longest messages; a second run changes nothing", async () => {
    const fresh = await createIsolatedDatabase("seed_large");
    try {
      const first = await seedLarge(fresh.db);
      expect(first.created).toContain(`${LARGE_PRODUCTS} products`);
      const newest = await fresh.db.revision.findFirstOrThrow({ orderBy: { number: "desc" } });
      const doc = newest.document as { products: unknown[]; clusters: unknown[]; routes: { host: string }[] };
      expect(doc.products).toHaveLength(LARGE_PRODUCTS);
      expect(doc.clusters).toHaveLength(LARGE_CLUSTERS);
      expect(doc.routes[0]!.host).toHaveLength(253);
      expect(newest.message).toHaveLength(2000);
      expect(await fresh.db.cluster.count()).toBe(LARGE_CLUSTERS);
      const conflict = await fresh.db.inventoryObject.findFirstOrThrow({ where: { errorKind: "conflict" } });
      expect(conflict.message).toHaveLength(2000);
      const request = await fresh.db.gatewayRequest.findFirstOrThrow();
      expect((request.payload as { reason: string }).reason).toHaveLength(2000);

      const again = await seedLarge(fresh.db);
      expect(again.created).toEqual([]);
      expect(await fresh.db.revision.count()).toBe(2);
    } finally {
      await fresh.drop();
    }
  }, 180_000);
});
