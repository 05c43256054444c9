// The topology page's endpoints through the real route handlers on a real database: a revision's
// compact graph (and a comparison), its findings by node and one node's rendered objects, per
// caller's view (a team lead sees their teams' part only).
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import {
  buildGraph,
  decodeFindings,
  decodeGraph,
  type WireFindings,
  type WireGraph,
} from "@/lib/topology-graph";
import { callRoute, createTeam, createUser, sessionHeaders } from "./helpers/auth-fixtures";

const GATEWAY = "gateway:east/payments/payments-gateway";

describe("GET /api/revisions/{number}/graph, /graph/findings and /graph/node", () => {
  let admin: Record<string, string>;
  let lead: Record<string, string>;
  let step1: number;
  let step2: number;
  let unrouted: number;

  const save = async (document: unknown, message: string) =>
    (
      await prisma.$transaction((tx) =>
        createRevision(tx, { document: document as Record<string, unknown>, message, actor: null }),
      )
    ).number;

  beforeAll(async () => {
    expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
    step1 = await save(loadExample("01-payments-gateway"), "step 1");
    step2 = await save(loadExample("02-payments-split"), "step 2");
    // The Payments gateway accepts a host no route serves: a PTC022 warning on that gateway.
    const withUnrouted = loadExample("01-payments-gateway");
    withUnrouted.gateways
      .find((g) => g.name === "payments-gateway")!
      .listeners[0]!.hosts.push("unrouted.my-company.io");
    unrouted = await save(withUnrouted, "a host without a route");
    admin = await sessionHeaders((await createUser([{ role: "platform_engineer" }])).id);
    const team = await createTeam("payments", ["payments"]);
    lead = await sessionHeaders((await createUser([{ role: "team_lead", teamId: team.id }])).id);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await dropOwnDatabase();
  });

  const get = async <T>(
    path: string,
    headers: Record<string, string>,
    number: number,
    query?: Record<string, string>,
  ) => {
    const res = await callRoute("GET", path, { params: { number: String(number) }, query, headers });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };

  it("sends the graph the page used to build from the whole document", async () => {
    const wire = await get<WireGraph>("/api/revisions/[number]/graph", admin, step1);
    const { graph, changes } = decodeGraph(wire);
    const built = buildGraph(loadExample("01-payments-gateway"), { signatures: false });
    expect(graph).toEqual(built);
    expect(changes).toBeUndefined();
  });

  it("compares with another revision on the server", async () => {
    const wire = await get<WireGraph>("/api/revisions/[number]/graph", admin, step2, {
      compare: String(step1),
    });
    const { graph, changes } = decodeGraph(wire);
    expect(changes!.nodes.get("service:east/payments/credit-card")).toBe("added");
    expect(changes!.nodes.get("gateway:east/istio-system/istio-ingressgateway")).toBe("removed");
    expect(graph.nodes.some((n) => n.id === "gateway:east/istio-system/istio-ingressgateway")).toBe(true);
    expect(changes!.counts.added).toBeGreaterThanOrEqual(2);
  });

  it("answers 404 for a comparison with a revision that does not exist", async () => {
    const res = await callRoute("GET", "/api/revisions/[number]/graph", {
      params: { number: String(step1) },
      query: { compare: "999999" },
      headers: admin,
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/Revision 999999 was not found/);
  });

  it("gives a team lead the graph of their teams' view only", async () => {
    const { graph } = decodeGraph(await get<WireGraph>("/api/revisions/[number]/graph", lead, step1));
    expect(graph.nodes.some((n) => n.id === GATEWAY)).toBe(true);
    expect(
      graph.nodes.filter((n) => n.kind === "service").every((n) => n.products.includes("payments")),
    ).toBe(true);
    expect(JSON.stringify(graph)).not.toContain("analytics");
  });

  it("puts the analyzer's findings on the node they concern", async () => {
    const findings = decodeFindings(
      await get<WireFindings>("/api/revisions/[number]/graph/findings", admin, unrouted),
    );
    expect(findings.get(GATEWAY)?.findings.map((f) => f.code)).toContain("PTC022");
    expect(findings.get("service:east/payments/payments")).toBeUndefined();
    // The lead's products are concerned: the lead sees it too.
    const theirs = decodeFindings(
      await get<WireFindings>("/api/revisions/[number]/graph/findings", lead, unrouted),
    );
    expect(theirs.get(GATEWAY)?.warning).toBeGreaterThan(0);
  });

  it("renders one node's objects in the format asked for", async () => {
    const istio = await get<{ clusters: { cluster: string; count: number; yaml: string }[] }>(
      "/api/revisions/[number]/graph/node",
      admin,
      step1,
      { id: GATEWAY },
    );
    expect(istio.clusters.map((c) => c.cluster)).toEqual(["east"]);
    expect(istio.clusters[0]!.yaml).toContain("kind: Deployment");
    expect(istio.clusters[0]!.yaml).toContain("kind: HorizontalPodAutoscaler");
    const gatewayApi = await get<{ clusters: { yaml: string }[] }>(
      "/api/revisions/[number]/graph/node",
      admin,
      step1,
      {
        id: GATEWAY,
        format: "gateway-api",
      },
    );
    expect(gatewayApi.clusters[0]!.yaml).toContain("gateway.networking.k8s.io");
  });

  it("refuses a node that is not in the revision, and one of another team, alike", async () => {
    const missing = await callRoute("GET", "/api/revisions/[number]/graph/node", {
      params: { number: String(step1) },
      query: { id: "gateway:east/nowhere/nothing" },
      headers: lead,
    });
    expect(missing.status).toBe(404);
    const theirs = await callRoute("GET", "/api/revisions/[number]/graph/node", {
      params: { number: String(step1) },
      query: { id: "service:east/analytics-ingest/ingest" },
      headers: lead,
    });
    expect(theirs.status).toBe(404);
    expect((await theirs.text()).replace("service:east/analytics-ingest/ingest", "ID")).toBe(
      (await missing.text()).replace("gateway:east/nowhere/nothing", "ID"),
    );
    const format = await callRoute("GET", "/api/revisions/[number]/graph/node", {
      params: { number: String(step1) },
      query: { id: GATEWAY, format: "helm" },
      headers: admin,
    });
    expect(format.status).toBe(400);
    expect(((await format.json()) as { error: { message: string } }).error.message).toMatch(
      /format is "istio" or "gateway-api"/,
    );
  });
});
