// Gateway requests refuse at submission what they must never get: reserved namespaces, another
// team's namespace or host, ports that are not integers, paths with dot or empty segments, and
// DNS names over their length limits. Each case checks the status, the field named in the answer
// and that nothing was stored.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createTeam, createUser, sessionHeaders, uniqueSlug } from "../helpers/auth-fixtures";

let lead: { id: string };
let team: { id: string; slug: string };

beforeAll(async () => {
  team = await createTeam(uniqueSlug("gv"));
  lead = await createUser([{ role: "team_lead", teamId: team.id }]);
  // The newest revision holds the reference scenario: payments and analytics, owned by their teams.
  await prisma.$transaction((tx) =>
    createRevision(tx, {
      document: loadExample("01-payments-gateway"),
      message: "validation base",
      actor: null,
    }),
  );
});

function requestFor(product: string, overrides: Record<string, unknown> = {}) {
  return {
    product,
    team: team.slug,
    namespace: product,
    hosts: [`${product}.my-company.io`],
    clusters: ["east"],
    routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
    ...overrides,
  };
}

const route = (r: Record<string, unknown>) => ({
  routes: [{ pathPrefix: "/", service: "web", port: 8080, ...r }],
});
const label = (n: number) => "a".repeat(n);

type Case = [string, Record<string, unknown>, number, string, RegExp];

const cases: Case[] = [
  ["namespace kube-system", { namespace: "kube-system" }, 400, "namespace", /reserved for Kubernetes/],
  ["namespace kube-public", { namespace: "kube-public" }, 400, "namespace", /reserved for Kubernetes/],
  ["namespace kube-node-lease", { namespace: "kube-node-lease" }, 400, "namespace", /reserved/],
  ["namespace istio-system", { namespace: "istio-system" }, 400, "namespace", /reserved for Istio/],
  ["namespace istio-ingress", { namespace: "istio-ingress" }, 400, "namespace", /reserved for Istio/],
  ["namespace default", { namespace: "default" }, 400, "namespace", /default is not a product's namespace/],
  ["port as a string", route({ port: "8080" }), 400, "routes[0].port", /not a string/],
  ["port as a boolean", route({ port: true }), 400, "routes[0].port", /not a string/],
  ["port as null", route({ port: null }), 400, "routes[0].port", /port number/],
  ["port as an array", route({ port: [8080] }), 400, "routes[0].port", /port number/],
  ["fractional port", route({ port: 8080.5 }), 400, "routes[0].port", /whole number/],
  ["port 0", route({ port: 0 }), 400, "routes[0].port", /between 1 and 65535/],
  ["port 65536", route({ port: 65536 }), 400, "routes[0].port", /between 1 and 65535/],
  ["negative port", route({ port: -1 }), 400, "routes[0].port", /between 1 and 65535/],
  ["path with ..", route({ pathPrefix: "/v1/../admin" }), 400, "routes[0].pathPrefix", /'\.\.' segments/],
  ["path ending in ..", route({ pathPrefix: "/v1/.." }), 400, "routes[0].pathPrefix", /'\.\.' segments/],
  ["path with .", route({ pathPrefix: "/./v1" }), 400, "routes[0].pathPrefix", /'\.' or/],
  ["path starting //", route({ pathPrefix: "//v1" }), 400, "routes[0].pathPrefix", /empty segments/],
  ["path with //", route({ pathPrefix: "/v1//pay" }), 400, "routes[0].pathPrefix", /empty segments/],
  ["path without /", route({ pathPrefix: "v1" }), 400, "routes[0].pathPrefix", /starting with '\/'/],
  ["path with %2e", route({ pathPrefix: "/%2e%2e/admin" }), 400, "routes[0].pathPrefix", /starting with/],
  ["path with a backslash", route({ pathPrefix: "/v1\\..\\admin" }), 400, "routes[0].pathPrefix", /starting/],
  ["path too long", route({ pathPrefix: `/${"a".repeat(1100)}` }), 400, "routes[0].pathPrefix", /1024/],
  ["host label of 64", { hosts: [`${label(64)}.my-company.io`] }, 400, "hosts[0]", /at most 63 characters/],
  ["host over 253", { hosts: [`${Array(5).fill(label(60)).join(".")}.io`] }, 400, "hosts[0]", /253/],
  ["namespace of 64", { namespace: label(64) }, 400, "namespace", /at most 63/],
  ["service of 64", route({ service: label(64) }), 400, "routes[0].service", /at most 63/],
  ["another team's namespace", { namespace: "payments" }, 422, "namespace", /another team's product/],
  ["another team's gateway namespace", { namespace: "analytics-gateway" }, 422, "namespace", /another team/],
  ["another team's host", { hosts: ["payments.my-company.io"] }, 422, "hosts[0]", /served by another team/],
  ["a wildcard over another team's host", { hosts: ["*.my-company.io"] }, 422, "hosts[0]", /another team/],
];

describe("POST /api/requests refuses", () => {
  it.each(cases)("%s", async (_, overrides, status, field, message) => {
    const product = uniqueSlug("gv");
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: requestFor(product, overrides),
    });
    const body = (await res.json()) as {
      error: { message: string; details?: { issues: { path: string; message: string }[] } };
    };
    expect(res.status, body.error.message).toBe(status);
    const issue = body.error.details?.issues.find((i) => i.path === field);
    expect(issue, JSON.stringify(body.error)).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect(await prisma.gatewayRequest.count({ where: { productSlug: product } })).toBe(0);
  });

  // Other test files share this database and may register the product "analytics" to its team: a
  // registered product answers 403 (the caller may not act for it), one that only the newest
  // revision names answers 422 with the field. Either way nothing is stored.
  it("another team's product", async () => {
    const registered = await prisma.product.findUnique({ where: { slug: "analytics" } });
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: requestFor(uniqueSlug("gv"), { product: "analytics" }),
    });
    const body = (await res.json()) as {
      error: { message: string; details?: { issues: { path: string; message: string }[] } };
    };
    if (registered) {
      expect(res.status, body.error.message).toBe(403);
      expect(body.error.message).toMatch(/belongs to another team/);
    } else {
      expect(res.status, body.error.message).toBe(422);
      const issue = body.error.details?.issues.find((i) => i.path === "product");
      expect(issue!.message).toMatch(/belongs to another team/);
    }
    expect(await prisma.gatewayRequest.count({ where: { productSlug: "analytics", teamId: team.id } })).toBe(
      0,
    );
  });

  it("the same checks when a sent-back request is edited", async () => {
    const product = uniqueSlug("gv");
    const headers = await sessionHeaders(lead.id);
    const created = await callRoute("POST", "/api/requests", { headers, body: requestFor(product) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const [overrides, status] of [
      [{ namespace: "payments" }, 422],
      [{ namespace: "istio-system" }, 400],
      [route({ port: "80" }), 400],
    ] as const) {
      const res = await callRoute("PUT", "/api/requests/[id]", {
        headers,
        params: { id },
        body: requestFor(product, overrides),
      });
      expect(res.status).toBe(status);
    }
    const stored = await prisma.gatewayRequest.findUniqueOrThrow({ where: { id } });
    expect((stored.payload as { namespace: string }).namespace).toBe(product);
  });
});

describe("POST /api/requests normalises", () => {
  it("stores a path prefix without its trailing slash", async () => {
    const product = uniqueSlug("gv");
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: requestFor(product, route({ pathPrefix: "/v1/payments/" })),
    });
    expect(res.status).toBe(201);
    const stored = await prisma.gatewayRequest.findFirstOrThrow({ where: { productSlug: product } });
    expect((stored.payload as { routes: { pathPrefix: string }[] }).routes[0]!.pathPrefix).toBe(
      "/v1/payments",
    );
  });
});
