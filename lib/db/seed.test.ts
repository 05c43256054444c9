import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "./client";
import { openClusterCredentials } from "@/lib/clusters/cluster-credentials";
import { verifyPassword } from "@/lib/auth/password";
import { createIsolatedDatabase } from "@/test/isolated-database";
import { seed } from "./seed";

afterAll(() => prisma.$disconnect());

async function snapshot() {
  const [teams, products, users, roles, rules, clusters, revisions] = await Promise.all([
    prisma.team.findMany({ orderBy: { slug: "asc" } }),
    prisma.product.findMany({ orderBy: { slug: "asc" } }),
    prisma.user.findMany({ orderBy: { email: "asc" } }),
    prisma.roleBinding.findMany({ orderBy: { id: "asc" } }),
    prisma.approvalRule.findMany({ orderBy: { name: "asc" } }),
    prisma.cluster.findMany({ orderBy: { name: "asc" } }),
    prisma.revision.findMany({ orderBy: { number: "asc" }, select: { id: true, number: true } }),
  ]);
  return { teams, products, users, roles, rules, clusters, revisions };
}

describe("seed", () => {
  it("loads the reference scenario once; a second run changes nothing", async () => {
    const clusters = [
      {
        name: "seed-east",
        server: "http://127.0.0.1:1",
        credentials: { token: "seed-canary-token" },
        zone: "us-east-1a",
      },
    ];
    await seed(prisma, { clusters, referenceRevision: true });
    const first = await snapshot();
    expect(first.products.map((p) => p.slug)).toEqual(expect.arrayContaining(["analytics", "payments"]));
    expect(first.users.map((u) => u.email)).toEqual(
      expect.arrayContaining(["admin@my-company.io", "auditor@my-company.io"]),
    );
    expect(first.revisions.length).toBeGreaterThanOrEqual(1);
    const east = first.clusters.find((c) => c.name === "seed-east")!;
    expect(east.credentials).not.toContain("seed-canary-token");
    expect(openClusterCredentials(east)).toEqual({ token: "seed-canary-token" });
    const lead = first.users.find((u) => u.email === "lead-payments@my-company.io")!;
    expect(await verifyPassword("portico-demo", lead.passwordHash!)).toBe(true);

    const again = await seed(prisma, { clusters, referenceRevision: true });
    expect(again.created).toEqual([]);
    expect(await snapshot()).toEqual(first);
  });

  it("leaves the first revision to an import unless asked for the reference revision", async () => {
    const fresh = await createIsolatedDatabase("seed_no_revision");
    try {
      const plain = await seed(fresh.db);
      expect(plain.created).not.toContain("revision 1");
      expect(await fresh.db.revision.count()).toBe(0);
      const asked = await seed(fresh.db, { referenceRevision: true });
      expect(asked.created).toEqual(["revision 1"]);
      expect(await fresh.db.revision.count()).toBe(1);
    } finally {
      await fresh.drop();
    }
  });
});
