// A CI pipeline with a personal API token requests a gateway and follows its status without any
// cookie or CSRF header; once the token is revoked it gets 401.
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, createTeam, createUser, sessionHeaders, uniqueSlug } from "../helpers/auth-fixtures";

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
