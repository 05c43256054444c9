// What the API refuses before any work is done: cookie mutations without the CSRF token or from
// another origin, oversized, malformed and mistyped bodies, cluster endpoints that point at cloud
// metadata or link-local addresses, and team leads reaching into other teams' products or into the
// history of other teams' changes.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import {
  callRoute,
  createTeam,
  createUser,
  principalOf,
  sessionHeaders,
  uniqueSlug,
} from "../helpers/auth-fixtures";

let admin: { id: string };
let leadA: { id: string };
let leadB: { id: string };
let teamA: { id: string; slug: string };
let teamB: { id: string; slug: string };
let productA: string;
let productB: string;

const requestBody = (team: string, product: string) => ({
  product,
  team,
  namespace: product,
  hosts: [`${product}.my-company.io`],
  clusters: ["east"],
  routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
});

beforeAll(async () => {
  productA = uniqueSlug("pa");
  productB = uniqueSlug("pb");
  teamA = await createTeam(uniqueSlug("ta"), [productA]);
  teamB = await createTeam(uniqueSlug("tb"), [productB]);
  admin = await createUser([{ role: "admin" }]);
  leadA = await createUser([{ role: "team_lead", teamId: teamA.id }]);
  leadB = await createUser([{ role: "team_lead", teamId: teamB.id }]);
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated mutation without the CSRF header", async () => {
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(leadA.id, { csrf: false }),
      body: requestBody(teamA.slug, productA),
    });
    expect(res.status).toBe(403);
    expect(await prisma.gatewayRequest.count({ where: { productSlug: productA } })).toBe(0);
  });

  it("refuses a wrong CSRF token and a foreign Origin", async () => {
    const headers = await sessionHeaders(leadA.id);
    const wrong = await callRoute("POST", "/api/requests", {
      headers: { ...headers, "x-csrf-token": "forged" },
      body: requestBody(teamA.slug, productA),
    });
    expect(wrong.status).toBe(403);
    const foreign = await callRoute("POST", "/api/requests", {
      headers: { ...headers, origin: "https://evil.example" },
      body: requestBody(teamA.slug, productA),
    });
    expect(foreign.status).toBe(403);
    const rule = await callRoute("POST", "/api/settings/approval-rules", {
      headers: await sessionHeaders(admin.id, { csrf: false }),
      body: { name: "x", requiredApprovals: 1 },
    });
    expect(rule.status).toBe(403);
  });
});

describe("bodies", () => {
  it("refuses an oversized body with 413", async () => {
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(leadA.id),
      body: { ...requestBody(teamA.slug, productA), reason: "x".repeat(2 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/larger than/);
  });

  it("refuses malformed JSON with 400 and the wrong content type with 415", async () => {
    const headers = await sessionHeaders(leadA.id);
    const bad = await callRoute("POST", "/api/requests", {
      headers: { ...headers, "content-type": "application/json" },
      rawBody: '{"product": ',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/not valid JSON/);
    const form = await callRoute("POST", "/api/requests", {
      headers: { ...headers, "content-type": "text/plain" },
      rawBody: "product=x",
    });
    expect(form.status).toBe(415);
  });

  it("explains schema errors per field and refuses unknown fields", async () => {
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(leadA.id),
      body: {
        ...requestBody(teamA.slug, productA),
        routes: [{ pathPrefix: "no-slash", service: "Web", port: 70000 }],
        admin: true,
      },
    });
    expect(res.status).toBe(400);
    const issues = (await res.json()).error.details.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["routes[0].pathPrefix", "routes[0].service", "routes[0].port"]),
    );
    expect(issues.some((i) => /admin/.test(i.message) || i.path === "admin" || i.path === "")).toBe(true);
  });
});

describe("cluster endpoints refused through POST /api/clusters", () => {
  const cases = [
    ["AWS/GCP/Azure metadata address", "https://169.254.169.254"],
    ["link-local", "https://169.254.10.10:6443"],
    ["IPv6 link-local", "https://[fe80::1]:6443"],
    ["metadata host name", "https://metadata.google.internal"],
    ["IPv6 metadata (AWS)", "https://[fd00:ec2::254]"],
    ["plain http", "http://10.0.0.1:6443"],
    ["credentials in the URL", "https://user:pass@10.0.0.1:6443"],
  ] as const;
  it.each(cases)("%s (%s)", async (_, server) => {
    const name = uniqueSlug("guard");
    const res = await callRoute("POST", "/api/clusters", {
      headers: await sessionHeaders(admin.id),
      body: { name, server, token: "guard-token", zone: "us-east-1a" },
    });
    const text = await res.text();
    expect([400, 422], text).toContain(res.status);
    expect(JSON.parse(text).error.message.length).toBeGreaterThan(10);
    expect(await prisma.cluster.count({ where: { name } })).toBe(0);
  });
});

describe("team scope", () => {
  it("a team lead cannot request for, read or change another team's product or request", async () => {
    const own = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(leadB.id),
      body: requestBody(teamB.slug, productB),
    });
    expect(own.status).toBe(201);
    const id = (await own.json()).id as string;

    // Naming the other team, or the other team's product under one's own team.
    expect(
      (
        await callRoute("POST", "/api/requests", {
          headers: await sessionHeaders(leadA.id),
          body: requestBody(teamB.slug, productB),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute("POST", "/api/requests", {
          headers: await sessionHeaders(leadA.id),
          body: requestBody(teamA.slug, productB),
        })
      ).status,
    ).toBe(403);
    // Reading, previewing, editing and withdrawing another team's request: 404, as if absent.
    const headers = await sessionHeaders(leadA.id);
    expect((await callRoute("GET", "/api/requests/[id]", { headers, params: { id } })).status).toBe(404);
    expect((await callRoute("GET", "/api/requests/[id]/preview", { headers, params: { id } })).status).toBe(
      404,
    );
    expect(
      (
        await callRoute("PUT", "/api/requests/[id]", {
          headers,
          params: { id },
          body: requestBody(teamA.slug, productA),
        })
      ).status,
    ).toBe(404);
    expect((await callRoute("POST", "/api/requests/[id]/withdraw", { headers, params: { id } })).status).toBe(
      404,
    );
    const list = await (await callRoute("GET", "/api/requests", { headers })).json();
    expect(list.requests.map((r: { id: string }) => r.id)).not.toContain(id);
    // Nor the other product's topology export.
    expect([403, 404]).toContain(
      (await callRoute("GET", "/api/export", { headers, query: { format: "topology", product: productB } }))
        .status,
    );
    expect((await prisma.gatewayRequest.findUniqueOrThrow({ where: { id } })).status).toBe("submitted");
  });

  it("a team lead reads the message and author only of revisions of their own", async () => {
    const revise = (message: string, actor: Awaited<ReturnType<typeof principalOf>> | null) =>
      prisma.$transaction((tx) =>
        createRevision(tx, { document: loadExample("01-payments-gateway"), message, actor }),
      );
    const own = await revise(`written by lead A ${productA}`, await principalOf(leadA.id));
    const other = await revise(`moves ${productB} for team B`, await principalOf(admin.id));
    const viaRequest = await revise(`applies team A's request for ${productA}`, null);
    await prisma.gatewayRequest.create({
      data: {
        teamId: teamA.id,
        requesterId: leadA.id,
        productSlug: productA,
        status: "approved",
        revisionId: viaRequest.id,
        payload: requestBody(teamA.slug, productA),
      },
    });

    type Listed = { number: number; message: string | null; author: { email: string } | null };
    const list = async (userId: string) => {
      const res = await callRoute("GET", "/api/revisions", {
        headers: await sessionHeaders(userId),
        query: { limit: "100" },
      });
      expect(res.status).toBe(200);
      const byNumber = new Map(((await res.json()).revisions as Listed[]).map((r) => [r.number, r]));
      return (n: number) => byNumber.get(n)!;
    };
    const asLeadA = await list(leadA.id);
    expect(asLeadA(own.number).message).toContain("written by lead A");
    expect(asLeadA(viaRequest.number).message).toContain("applies team A's request");
    expect(asLeadA(other.number)).toMatchObject({ message: null, author: null });
    // The single revision too, and nothing of it leaks through the document (sliced to team A).
    const one = await callRoute("GET", "/api/revisions/[number]", {
      headers: await sessionHeaders(leadA.id),
      params: { number: String(other.number) },
    });
    const body = await one.text();
    expect(one.status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({
      number: other.number,
      message: null,
      author: null,
      authorId: null,
    });
    expect(body).not.toContain(productB);
    // People who read the topology everywhere see every message.
    expect((await list(admin.id))(other.number).message).toContain(`moves ${productB}`);
  });
});
