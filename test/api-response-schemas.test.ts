// The answers the browser reads are what their routes declare: each endpoint the pages fetch names
// a response schema in its route({...}) (the pages' types are inferred from it, OpenAPI describes
// it), and a real answer of each, over a simulated estate that has been imported, synced and
// changed twice, parses with that very schema.
import { dropOwnDatabase } from "./helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { ROUTE_MODULES } from "@/app/api/route-modules";
import type { HttpMethod, RouteModuleLike } from "@/lib/api/endpoints";
import { buildOpenApi, openApiPath } from "@/lib/api/openapi";
import { prisma } from "@/lib/db/client";
import type { Simulator } from "@/lib/sim";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import { registerSimulatedCluster, startReferenceSimulator, storeAndSync } from "./helpers/cutover-estate";

const insecure = process.env.PORTICO_ALLOW_INSECURE_CLUSTERS;
let sim: Simulator;
let engineer: Record<string, string>;

/** Every endpoint whose answer a page reads and types (components/clusters, migrations, requests, revisions). */
const BROWSER_READS: [HttpMethod, string][] = [
  ["GET", "/api/clusters/[name]/inventory"],
  ["GET", "/api/sync/runs"],
  ["GET", "/api/clusters/[name]/drift"],
  ["GET", "/api/clusters/[name]/force-plan"],
  ["POST", "/api/clusters/[name]/sync"],
  ["POST", "/api/plan"],
  ["GET", "/api/migrations"],
  ["POST", "/api/clusters/[name]/import"],
  ["POST", "/api/migrations/[product]/preview"],
  ["GET", "/api/migrations/[product]"],
  ["POST", "/api/migrations/[product]/steps"],
  ["GET", "/api/products/[slug]/dns"],
  ["GET", "/api/products/[slug]/traffic"],
  ["POST", "/api/products/[slug]/probes"],
  ["GET", "/api/requests/[id]"],
  ["GET", "/api/requests/[id]/preview"],
  ["POST", "/api/requests/preview"],
  ["GET", "/api/revisions"],
  ["POST", "/api/revisions"],
  ["POST", "/api/revisions/[number]/undo"],
  ["POST", "/api/revisions/[number]/rollback"],
  ["POST", "/api/revisions/[number]/rollback-preview"],
  ["GET", "/api/revisions/compare"],
];

function declared(method: HttpMethod, path: string): z.ZodType | undefined {
  const handler = (ROUTE_MODULES as Record<string, RouteModuleLike>)[path]?.[method] as
    { routeOptions?: { response?: z.ZodType } } | undefined;
  return handler?.routeOptions?.response;
}

/** Calls the route as a platform engineer; the answer must succeed and parse with the route's schema. */
async function answer(
  method: HttpMethod,
  path: string,
  opts: Parameters<typeof callRoute>[2] = {},
  status = 200,
): Promise<Record<string, unknown>> {
  const res = await callRoute(method, path, { headers: engineer, ...opts });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text.slice(0, 2000)}`).toBe(status);
  const schema = declared(method, path);
  expect(schema, `${method} ${path} declares a response schema`).toBeDefined();
  const parsed = schema!.safeParse(JSON.parse(text));
  expect(parsed.error?.issues ?? [], `${method} ${path}`).toEqual([]);
  return JSON.parse(text) as Record<string, unknown>;
}

beforeAll(async () => {
  sim = await startReferenceSimulator();
  for (const c of sim.clusters) await registerSimulatedCluster(sim, c.name);
  engineer = await sessionHeaders((await createUser([{ role: "platform_engineer" }])).id);
});

afterAll(async () => {
  if (insecure === undefined) delete process.env.PORTICO_ALLOW_INSECURE_CLUSTERS;
  else process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = insecure;
  await sim?.stop();
  await prisma.$disconnect();
  await dropOwnDatabase();
});

describe("the answers the pages read", () => {
  it("are each declared with a response schema by their route, which OpenAPI describes", () => {
    const missing = BROWSER_READS.filter(([m, p]) => !declared(m, p)).map(([m, p]) => `${m} ${p}`);
    expect(missing).toEqual([]);
    const doc = buildOpenApi(ROUTE_MODULES) as unknown as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
      >;
    };
    for (const [m, p] of BROWSER_READS) {
      const schema =
        doc.paths[openApiPath(p)]![m.toLowerCase()]!.responses["200"]!.content["application/json"]!.schema;
      // Properties (or the variants of a union), not the empty schema of an undeclared answer.
      expect(
        Object.keys(schema).filter((k) => ["properties", "oneOf", "anyOf"].includes(k)),
        `${m} ${p}`,
      ).not.toEqual([]);
    }
  });

  it("import: the proposal of east's shared ingress", async () => {
    const imported = await answer("POST", "/api/clusters/[name]/import", {
      params: { name: "east" },
      body: {},
    });
    expect((imported.owners as unknown[]).length).toBeGreaterThan(0);
  });

  it("clusters: inventory, sync runs, drift and the forced sync's plan of a synced cluster", async () => {
    await storeAndSync(loadExample("00-shared-ingress"), "the shared ingress", true);
    const inventory = await answer("GET", "/api/clusters/[name]/inventory", { params: { name: "east" } });
    const objects = inventory.objects as {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
    }[];
    expect(objects.length).toBeGreaterThan(0);
    // Dates arrive as ISO strings, as the schema says.
    expect(inventory.cluster).toMatchObject({ lastSyncAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const runs = await answer("GET", "/api/sync/runs", { query: { cluster: "east" } });
    expect((runs.runs as unknown[]).length).toBeGreaterThan(0);
    const o = objects[0]!;
    await answer("GET", "/api/clusters/[name]/drift", {
      params: { name: "east" },
      query: { key: `${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}` },
    });
    await answer("GET", "/api/clusters/[name]/force-plan", { params: { name: "east" } });
    const plan = await answer("POST", "/api/plan", { body: {} });
    expect((plan.clusters as { cluster: string }[]).map((c) => c.cluster)).toContain("east");
    await answer(
      "POST",
      "/api/clusters/[name]/sync",
      { params: { name: "east" }, body: { mode: "sync" } },
      202,
    );
  });

  it("migrations: where products stand, a step's preview, a product's record, DNS and drain", async () => {
    const overview = await answer("GET", "/api/migrations");
    expect((overview.products as { product: string }[]).map((p) => p.product)).toContain("payments");
    const preview = await answer("POST", "/api/migrations/[product]/preview", {
      params: { product: "payments" },
      body: { step: "insert", phase: "serve-both" },
    });
    expect((preview.plan as unknown[]).length).toBeGreaterThan(0);
    await answer("GET", "/api/products/[slug]/dns", { params: { slug: "payments" } });
    await answer("GET", "/api/products/[slug]/traffic", { params: { slug: "payments" } });
    const applied = await answer(
      "POST",
      "/api/migrations/[product]/steps",
      {
        params: { product: "payments" },
        body: {
          step: { step: "insert", phase: "serve-both" },
          message: "payments: its own gateway",
          baseRevision: 1,
        },
      },
      201,
    );
    expect(applied.number).toBe(2);
    const record = await answer("GET", "/api/migrations/[product]", { params: { product: "payments" } });
    expect((record.events as unknown[]).length).toBeGreaterThan(0);
  });

  it("revisions: a new one, the history, an undo's and a restore's preview, a comparison, an undo and a rollback", async () => {
    const created = await answer(
      "POST",
      "/api/revisions",
      { body: { document: loadExample("02-payments-split"), message: "payments: split" } },
      201,
    );
    const n = created.number as number;
    const list = await answer("GET", "/api/revisions");
    expect((list.revisions as { number: number }[]).map((r) => r.number).slice(0, 2)).toEqual([n, n - 1]);
    const undo = await answer("POST", "/api/revisions/[number]/rollback-preview", {
      params: { number: String(n) },
      body: { mode: "undo" },
    });
    expect((undo.changes as unknown[]).length).toBeGreaterThan(0);
    const restore = await answer("POST", "/api/revisions/[number]/rollback-preview", {
      params: { number: String(n - 1) },
      body: { mode: "restore" },
    });
    expect((restore.undoes as { number: number }[]).map((r) => r.number)).toEqual([n]);
    const compare = await answer("GET", "/api/revisions/compare", { query: { to: String(n) } });
    expect((compare.clusters as unknown[]).length).toBeGreaterThan(0);
    const undone = await answer(
      "POST",
      "/api/revisions/[number]/undo",
      { params: { number: String(n) }, body: {} },
      201,
    );
    expect(undone).toMatchObject({ number: n + 1, undone: n });
    const restored = await answer(
      "POST",
      "/api/revisions/[number]/rollback",
      { params: { number: String(n) }, body: { confirmUndoing: [n + 1] } },
      201,
    );
    expect(restored.number).toBe(n + 2);
  });
});
