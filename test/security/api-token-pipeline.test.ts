// A CI pipeline with a personal API token requests a gateway and follows its status without any
// cookie or CSRF header; once the token is revoked it gets 401.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import {
  callRoute,
  createTeam,
  createUser,
  principalOf,
  sessionHeaders,
  uniqueSlug,
} from "../helpers/auth-fixtures";

let lead: { id: string };
let teamSlug: string;
let productSlug: string;

beforeAll(async () => {
  productSlug = uniqueSlug("pipe");
  const team = await createTeam(uniqueSlug("team"), [productSlug]);
  teamSlug = team.slug;
  lead = await createUser([{ role: "team_lead", teamId: team.id }]);
});

describe("bearer tokens for automation", () => {
  it("requests a gateway, reads its status and is refused after revocation", async () => {
    const created = await callRoute("POST", "/api/tokens", {
      headers: await sessionHeaders(lead.id),
      body: { name: "ci", role: "team-lead" },
    });
    expect(created.status).toBe(201);
    const { id: tokenId, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^ptc_/);
    const bearer = { authorization: `Bearer ${token}` };

    const submitted = await callRoute("POST", "/api/requests", {
      headers: bearer,
      body: {
        product: productSlug,
        team: teamSlug,
        namespace: productSlug,
        hosts: [`${productSlug}.my-company.io`],
        clusters: ["east"],
        routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
      },
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const requestId = ((await submitted.json()) as { id: string }).id;

    const status = await callRoute("GET", "/api/requests/[id]", {
      headers: bearer,
      params: { id: requestId },
    });
    expect(status.status).toBe(200);
    const body = (await status.json()) as { status: string; sync: unknown; approvals: { required: number } };
    expect(body.status).toBe("submitted");
    expect(body.sync).toBeNull();
    expect(body.approvals.required).toBeGreaterThanOrEqual(1);

    // A team-lead token cannot review, whatever it tries.
    const review = await callRoute("POST", "/api/requests/[id]/reviews", {
      headers: bearer,
      params: { id: requestId },
      body: { decision: "approve" },
    });
    expect(review.status).toBe(403);

    const revoked = await callRoute("DELETE", "/api/tokens/[id]", {
      headers: await sessionHeaders(lead.id),
      params: { id: tokenId },
    });
    expect(revoked.status).toBe(204);
    const after = await callRoute("GET", "/api/requests/[id]", {
      headers: bearer,
      params: { id: requestId },
    });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  });
});

describe("tokens created with tokens", () => {
  const DAY = 86_400_000;

  async function tokenOf(userId: string, body: Record<string, unknown>) {
    const res = await callRoute("POST", "/api/tokens", { headers: await sessionHeaders(userId), body });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; token: string; expiresAt: string };
  }

  it("cannot outlive their parent: the issue's one-day token asked for a token without expiry", async () => {
    const parent = await tokenOf(lead.id, { name: "one-day", role: "team-lead", expiresInDays: 1 });
    const bearer = { authorization: `Bearer ${parent.token}` };
    const child = await callRoute("POST", "/api/tokens", {
      headers: bearer,
      body: { name: "forever", role: "team-lead" },
    });
    expect(child.status, await child.clone().text()).toBe(201);
    const body = (await child.json()) as { id: string; expiresAt: string; parentTokenId: string };
    expect(body.parentTokenId).toBe(parent.id);
    expect(new Date(body.expiresAt).getTime()).toBeLessThanOrEqual(new Date(parent.expiresAt).getTime());

    const longer = await callRoute("POST", "/api/tokens", {
      headers: bearer,
      body: { name: "longer", role: "team-lead", expiresInDays: 30 },
    });
    expect(longer.status).toBe(400);
    expect((await longer.json()).error.message).toMatch(/cannot outlive it/);
    expect(await prisma.apiToken.count({ where: { parentTokenId: parent.id } })).toBe(1);
  });

  it("cannot out-rank their parent", async () => {
    const both = await createUser([{ role: "admin" }, { role: "auditor" }]);
    const parent = await tokenOf(both.id, { name: "reader", role: "auditor", expiresInDays: 5 });
    const res = await callRoute("POST", "/api/tokens", {
      headers: { authorization: `Bearer ${parent.token}` },
      body: { name: "escalate", role: "admin" },
    });
    expect(res.status).toBe(403);
    expect(await prisma.apiToken.count({ where: { parentTokenId: parent.id } })).toBe(0);
  });

  it("revoking a token revokes what it created, at any depth", async () => {
    const root = await tokenOf(lead.id, { name: "root", role: "team-lead", expiresInDays: 10 });
    const child = await callRoute("POST", "/api/tokens", {
      headers: { authorization: `Bearer ${root.token}` },
      body: { name: "child", role: "team-lead" },
    });
    const childToken = ((await child.json()) as { token: string }).token;
    const grandchild = await callRoute("POST", "/api/tokens", {
      headers: { authorization: `Bearer ${childToken}` },
      body: { name: "grandchild", role: "team-lead" },
    });
    const grandchildToken = ((await grandchild.json()) as { token: string }).token;
    const unrelated = await tokenOf(lead.id, { name: "unrelated", role: "team-lead", expiresInDays: 10 });
    for (const t of [childToken, grandchildToken]) {
      expect((await callRoute("GET", "/api/me", { headers: { authorization: `Bearer ${t}` } })).status).toBe(
        200,
      );
    }

    const revoke = await callRoute("DELETE", "/api/tokens/[id]", {
      headers: await sessionHeaders(lead.id),
      params: { id: root.id },
    });
    expect(revoke.status).toBe(204);
    for (const t of [root.token, childToken, grandchildToken]) {
      const me = await callRoute("GET", "/api/me", { headers: { authorization: `Bearer ${t}` } });
      expect(me.status).toBe(401);
    }
    const other = await callRoute("GET", "/api/me", {
      headers: { authorization: `Bearer ${unrelated.token}` },
    });
    expect(other.status).toBe(200);
  });

  it("every token expires within the configured maximum lifetime", async () => {
    const created = await tokenOf(lead.id, { name: "default", role: "team-lead" });
    const days = (new Date(created.expiresAt).getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
    const tooLong = await callRoute("POST", "/api/tokens", {
      headers: await sessionHeaders(lead.id),
      body: { name: "ten-years", role: "team-lead", expiresInDays: 3650 },
    });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.message).toMatch(/at most 365 days/);
  });

  it("the maximum is a setting", async () => {
    const principal = await principalOf(lead.id);
    const { createApiToken } = await import("@/lib/auth/api-token");
    const short = await createApiToken(
      principal,
      { name: "short", role: "team_lead" },
      { maxLifetimeDays: 7 },
    );
    expect((short.expiresAt!.getTime() - Date.now()) / DAY).toBeLessThanOrEqual(7);
    await expect(
      createApiToken(
        principal,
        { name: "long", role: "team_lead", expiresInDays: 8 },
        { maxLifetimeDays: 7 },
      ),
    ).rejects.toThrow(/at most 7 days/);
  });
});
