// The OpenAPI description cannot drift from the code: every registered endpoint is in it, every
// route module is wired into it, and request bodies are the very zod schemas the handlers parse.
import { describe, expect, it } from "vitest";
import { ROUTE_MODULES } from "@/app/api/route-modules";
import { openApiPath } from "@/lib/api/openapi";
import { callRoute, createUser, sessionHeaders } from "../helpers/auth-fixtures";
import { ENDPOINTS } from "../helpers/endpoints";
import { routePaths } from "../../scripts/generate-route-modules.mjs";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: { "application/json": { schema: { properties?: Record<string, unknown> } } };
        };
        "x-permission": string;
        responses: Record<string, { content?: { "application/json": { schema: Record<string, unknown> } } }>;
        parameters: { name: string; in: string }[];
      }
    >
  >;
};

async function fetchDoc(): Promise<Doc> {
  const user = await createUser([{ role: "auditor" }]);
  const res = await callRoute("GET", "/api/openapi.json", { headers: await sessionHeaders(user.id) });
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

describe("GET /api/openapi.json", () => {
  it("needs a signed-in caller", async () => {
    expect((await callRoute("GET", "/api/openapi.json")).status).toBe(401);
  });

  it("describes every registered endpoint with its permission", async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe("3.1.0");
    const missing = ENDPOINTS.filter((e) => !doc.paths[openApiPath(e.path)]?.[e.method.toLowerCase()]).map(
      (e) => `${e.method} ${e.path}`,
    );
    expect(missing).toEqual([]);
    for (const e of ENDPOINTS)
      expect(doc.paths[openApiPath(e.path)]![e.method.toLowerCase()]!["x-permission"]).toBe(e.permission);
  });

  it("wires in every route module", async () => {
    expect(Object.keys(ROUTE_MODULES).sort()).toEqual(routePaths(process.cwd()));
  });

  it("documents bodies and queries from the handlers' own zod schemas", async () => {
    const doc = await fetchDoc();
    const create = doc.paths["/api/requests"]!.post!;
    expect(Object.keys(create.requestBody!.content["application/json"].schema.properties ?? {})).toEqual(
      expect.arrayContaining(["product", "team", "namespace", "hosts", "clusters", "tlsSecret", "routes"]),
    );
    const audit = doc.paths["/api/audit"]!.get!;
    expect(audit.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["actor", "product", "cluster", "action", "from", "to", "before", "limit"]),
    );
    expect(doc.paths["/api/clusters/{name}"]!.get!.parameters).toEqual([
      expect.objectContaining({ name: "name", in: "path" }),
    ]);
  });

  it("documents answers from the response schemas routes declare", async () => {
    const doc = await fetchDoc();
    const me = doc.paths["/api/me"]!.get!.responses["200"]!.content!["application/json"].schema;
    expect(Object.keys((me.properties ?? {}) as object)).toEqual(
      expect.arrayContaining(["id", "email", "roles", "permissions"]),
    );
    // A route without one says nothing it cannot back.
    expect(doc.paths["/api/users"]!.get!.responses["200"]!.content!["application/json"].schema).toEqual({});
  });
});
