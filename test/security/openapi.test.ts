// The OpenAPI description cannot drift from the code: every registered endpoint is in it, every
// route module is wired into it, and request bodies are the very zod schemas the handlers parse.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_MODULES } from "@/app/api/openapi.json/route-modules";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiPath } from "@/lib/api/openapi";
import { callRoute, createUser, sessionHeaders } from "../helpers/auth-fixtures";

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
        parameters: { name: string; in: string }[];
      }
    >
  >;
};

async function routeDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await routeDirs(full)));
    else if (e.name === "route.ts")
      out.push("/" + path.relative(path.resolve("app"), dir).split(path.sep).join("/"));
  }
  return out;
}

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
    const dirs = (await routeDirs(path.resolve("app/api"))).filter((d) => d !== "/api/openapi.json").sort();
    expect(Object.keys(ROUTE_MODULES).sort()).toEqual(dirs);
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
});
