import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "./client";
import { openClusterCredentials } from "@/lib/clusters/cluster-credentials";
import { verifyPassword } from "@/lib/auth/password";
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
    await seed(prisma, { clusters });
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

    const again = await seed(prisma, { clusters });
    expect(again.created).toEqual([]);
    expect(await snapshot()).toEqual(first);
  });
});
