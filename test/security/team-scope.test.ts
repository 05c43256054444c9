// Team scope on every read a team lead can make: walks every endpoint of the registry the lead's
// role may call for reading, as the lead of each of two teams, with every record of the estate as
// a parameter, and checks that nothing of the other team's part comes back, that the lead's own
// part (a product just approved from their own request included) does, and that another team's
// record answers 404 exactly like a missing one.
import { OWN_DATABASE_URL, dropOwnDatabase } from "../helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createTeam, createUser, principalOf, sessionHeaders } from "../helpers/auth-fixtures";
import { ENDPOINTS, type EndpointSample, type SampledEndpoint as Endpoint } from "../helpers/endpoints";
import { responseText } from "../helpers/response-text";

type Side = {
  lead: { id: string; email: string };
  team: string;
  /** Products of the team in the estate, and the one it requests. */
  products: string[];
  requested: string;
  requestId: string;
};

const sides: Record<"payments" | "analytics", Side> = {} as never;
let revisions: number[] = [];

const request = (team: string, product: string) => ({
  product,
  team,
  namespace: product,
  hosts: [`${product}.my-company.io`],
  clusters: ["east"],
  routes: [{ pathPrefix: `/v1/${product}`, service: product, port: 8080 }],
  reason: "New product",
});

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  // The reference estate: payments and analytics share one ingress gateway, whose listener names
  // both hosts. Neither lead may learn of the other's product from it.
  await prisma.$transaction((tx) =>
    createRevision(tx, { document: loadExample("00-shared-ingress"), message: "base", actor: null }),
  );
  const engineer = await createUser([{ role: "platform_engineer" }]);
  for (const [slug, requested] of [
    ["payments", "ledger"],
    ["analytics", "insights"],
  ] as const) {
    const team = await createTeam(slug, [slug]);
    const lead = await createUser([{ role: "team_lead", teamId: team.id }], `lead-${slug}@test.portico`);
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: request(slug, requested),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    sides[slug] = { lead, team: slug, products: [slug], requested, requestId: id };
  }
  // Payments' request is approved: its new product is the payments lead's to read from now on.
  const approved = await callRoute("POST", "/api/requests/[id]/reviews", {
    headers: await sessionHeaders(engineer.id),
    params: { id: sides.payments.requestId },
    body: { decision: "approve" },
  });
  expect(approved.status, await approved.clone().text()).toBe(201);
  sides.payments.products.push("ledger");
  revisions = (await prisma.revision.findMany({ select: { number: true } })).map((r) => r.number);
}, 120_000);

afterAll(async () => {
  await prisma.$disconnect();
  await dropOwnDatabase();
});

const MISSING_REQUEST = "no-such-request";
const MISSING_PRODUCT = "no-such-product";

/** Calls of one read endpoint, over every record of the estate (and a missing one). */
function variants(e: Endpoint, me: Side): EndpointSample[] {
  const requestIds = [sides.payments.requestId, sides.analytics.requestId, MISSING_REQUEST];
  const products = ["payments", "analytics", "ledger", "insights", MISSING_PRODUCT];
  switch (e.path) {
    case "/api/revisions/[number]":
    case "/api/revisions/[number]/traffic":
    case "/api/revisions/[number]/graph":
    case "/api/revisions/[number]/graph/findings":
      return revisions.map((n) => ({ params: { number: String(n) } }));
    case "/api/revisions/[number]/graph/node":
      // The other team's nodes answer 404 like missing ones; the ids sent are not counted as read.
      return revisions.flatMap((n) =>
        products.map((p) => ({ params: { number: String(n) }, query: { id: `host:${p}.my-company.io` } })),
      );
    case "/api/requests/[id]":
    case "/api/requests/[id]/preview":
      return requestIds.map((id) => ({ params: { id } }));
    case "/api/export":
      return ["istio", "topology"].flatMap((format) => [
        { query: { format } },
        ...products.map((product) => ({ query: { format, product } })),
      ]);
    case "/api/products/[slug]/traffic":
      return products.map((slug) => ({ params: { slug } }));
    case "/api/requests/preview":
      return [{ body: request(me.team, `${me.requested}-two`) }];
    default:
      expect(e.path, `${e.method} ${e.path} takes parameters: give it variants here`).not.toMatch(/\[/);
      return [{}];
  }
}

/**
 * Read endpoints a team lead may call: every GET, and the previews that render the estate. The
 * API's description is left out: the same for every caller, it holds no estate, but its schemas'
 * examples name `payments`.
 */
async function leadReads(leadId: string): Promise<Endpoint[]> {
  const principal = await principalOf(leadId);
  return ENDPOINTS.filter(
    (e) =>
      e.permission !== "public" &&
      e.path !== "/api/openapi.json" &&
      (e.method === "GET" || e.path === "/api/requests/preview") &&
      can(principal, e.permission),
  );
}

describe.each(["payments", "analytics"] as const)("the %s lead", (name) => {
  const me = () => sides[name];
  const other = () => sides[name === "payments" ? "analytics" : "payments"];

  it("reads nothing of the other team's part of the estate on any endpoint", async () => {
    const endpoints = await leadReads(me().lead.id);
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining([
        "GET /api/revisions",
        "GET /api/revisions/[number]",
        "GET /api/export",
        "GET /api/requests",
        "GET /api/requests/[id]",
        "GET /api/requests/[id]/preview",
        "POST /api/requests/preview",
      ]),
    );
    const headers = await sessionHeaders(me().lead.id);
    // Words that only the other team's part of the estate contains.
    const foreign = [
      ...other().products,
      other().requested,
      other().requestId,
      other().lead.email,
      `${other().team}.my-company.io`,
    ];
    let calls = 0;
    for (const e of endpoints) {
      for (const v of variants(e, me())) {
        const res = await callRoute(e.method, e.path, { headers, ...v });
        // What the caller sent may come back (a 404 names the product asked for); only what it did
        // not send counts as read.
        const sent = [...Object.values(v.params ?? {}), ...Object.values(v.query ?? {})];
        const text = sent.reduce((t, s) => t.replaceAll(s, "…"), await responseText(res));
        const what = `${e.method} ${e.path} ${JSON.stringify(v)} → ${res.status}`;
        expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
        expect([401, 403], what).not.toContain(res.status);
        for (const word of foreign) expect(text, `${what} names ${word}`).not.toContain(word);
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(20);
  });

  it("answers 404 for the other team's request exactly as for a missing one", async () => {
    const headers = await sessionHeaders(me().lead.id);
    for (const path of ["/api/requests/[id]", "/api/requests/[id]/preview"]) {
      const theirs = await callRoute("GET", path, { headers, params: { id: other().requestId } });
      const missing = await callRoute("GET", path, { headers, params: { id: MISSING_REQUEST } });
      expect(theirs.status).toBe(404);
      expect((await theirs.text()).replaceAll(other().requestId, "ID")).toBe(
        (await missing.text()).replaceAll(MISSING_REQUEST, "ID"),
      );
    }
  });

  it("gets the same API description as the other team's lead: it holds nothing of the estate", async () => {
    const mine = await callRoute("GET", "/api/openapi.json", { headers: await sessionHeaders(me().lead.id) });
    const theirs = await callRoute("GET", "/api/openapi.json", {
      headers: await sessionHeaders(other().lead.id),
    });
    expect(mine.status).toBe(200);
    const text = await mine.text();
    expect(text).toBe(await theirs.text());
    // The products' names stand in its examples; what only this estate holds does not.
    for (const word of [other().requested, other().requestId, other().lead.email])
      expect(text).not.toContain(word);
  });

  it("answers 404 for an export of the other team's product exactly as for a missing one", async () => {
    const headers = await sessionHeaders(me().lead.id);
    for (const product of other().products) {
      const theirs = await callRoute("GET", "/api/export", { headers, query: { product } });
      const missing = await callRoute("GET", "/api/export", { headers, query: { product: MISSING_PRODUCT } });
      expect(theirs.status).toBe(404);
      expect((await theirs.text()).replaceAll(product, "P")).toBe(
        (await missing.text()).replaceAll(MISSING_PRODUCT, "P"),
      );
    }
  });

  it("sees its own products, including one just approved from its own request", async () => {
    const headers = await sessionHeaders(me().lead.id);
    const all = await callRoute("GET", "/api/export", { headers, query: { format: "topology" } });
    expect(all.status).toBe(200);
    const yaml = await all.text();
    for (const product of me().products) {
      expect(yaml).toContain(`name: ${product}`);
      const one = await callRoute("GET", "/api/export", { headers, query: { product } });
      expect(one.status, product).toBe(200);
      expect(await responseText(one)).toContain(`${product}.my-company.io`);
    }
    const newest = Math.max(...revisions);
    const rev = await callRoute("GET", "/api/revisions/[number]", {
      headers,
      params: { number: String(newest) },
    });
    const doc = ((await rev.json()) as { document: { products: { name: string }[] } }).document;
    expect(doc.products.map((p) => p.name).sort()).toEqual([...me().products].sort());
    const mine = await callRoute("GET", "/api/requests/[id]/preview", {
      headers,
      params: { id: me().requestId },
    });
    expect(mine.status).toBe(200);
  });
});
