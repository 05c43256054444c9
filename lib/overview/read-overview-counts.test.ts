// The overview's figures: open requests (submitted or sent back for changes) within the caller's
// teams, and no figure at all for what the caller may not read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createTeam, createUser, principalOf, uniqueSlug } from "@/test/helpers/auth-fixtures";
import { readOverviewCounts } from "./read-overview-counts";

let team: { id: string };

beforeAll(async () => {
  team = await createTeam(uniqueSlug("team"));
  const other = await createTeam(uniqueSlug("team"));
  const requester = await createUser([{ role: "team_lead", teamId: team.id }]);
  const open = (teamId: string, status: "submitted" | "changes_requested" | "rejected") =>
    prisma.gatewayRequest.create({
      data: { teamId, requesterId: requester.id, productSlug: uniqueSlug("prod"), status, payload: {} },
    });
  await open(team.id, "submitted");
  await open(team.id, "changes_requested");
  await open(team.id, "rejected");
  await open(other.id, "submitted");
});
afterAll(() => prisma.$disconnect());

describe("readOverviewCounts", () => {
  it("counts a team lead's own teams' open requests, and neither clusters nor migrations", async () => {
    const lead = await createUser([{ role: "team_lead", teamId: team.id }]);
    const counts = await readOverviewCounts(await principalOf(lead.id));
    expect(counts.openRequests).toBe(2);
    expect(counts.clusters).toBeNull();
    expect(counts.revisions).toEqual(expect.any(Number));
  });

  it("counts every team's open requests for an auditor", async () => {
    const auditor = await createUser([{ role: "auditor" }]);
    const counts = await readOverviewCounts(await principalOf(auditor.id));
    // Other files add requests meanwhile: at least the two teams' three open ones.
    expect(counts.openRequests).toBeGreaterThanOrEqual(3);
    expect(counts.clusters).toEqual(expect.any(Number));
  });
});
