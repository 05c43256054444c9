// The request form offers a team lead their own teams only (with each team's products), a platform
// engineer every team, and both every registered cluster.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealClusterCredentials } from "@/lib/clusters/cluster-credentials";
import { prisma } from "@/lib/db/client";
import { createTeam, createUser, principalOf, uniqueSlug } from "@/test/helpers/auth-fixtures";
import { requestFormOptions } from "./request-form-options";

let own: { id: string; slug: string };
let other: { id: string; slug: string };
let product: string;
let cluster: string;

beforeAll(async () => {
  product = uniqueSlug("prod");
  own = await createTeam(uniqueSlug("team"), [product]);
  other = await createTeam(uniqueSlug("team"));
  cluster = uniqueSlug("cluster");
  const id = randomUUID();
  await prisma.cluster.create({
    data: {
      id,
      name: cluster,
      server: "https://127.0.0.1:6443",
      production: true,
      ...sealClusterCredentials(id, { token: "unused" }),
    },
  });
});
afterAll(() => prisma.$disconnect());

describe("requestFormOptions", () => {
  it("offers a team lead their own team with its products, and every cluster", async () => {
    const lead = await createUser([{ role: "team_lead", teamId: own.id }]);
    const options = await requestFormOptions(await principalOf(lead.id));
    expect(options.teams).toEqual([{ slug: own.slug, name: own.slug, products: [product] }]);
    expect(options.clusters).toContainEqual({ name: cluster, production: true });
  });

  it("offers a platform engineer every team", async () => {
    const pe = await createUser([{ role: "platform_engineer" }]);
    const slugs = (await requestFormOptions(await principalOf(pe.id))).teams.map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining([own.slug, other.slug]));
  });
});
