// Hostile bytes (NUL and control characters in JSON strings, malformed percent-encoding, %00 and
// %ff in paths and queries) are refused with 400 and a message before anything is written; random
// bytes sent to every registered endpoint never produce a 5xx.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { HttpMethod } from "@/lib/api/endpoints";
import { ENDPOINTS } from "../helpers/endpoints";
import { createApiToken } from "@/lib/auth/api-token";
import {
  callRoute,
  createTeam,
  createUser,
  loadRouteModule,
  principalOf,
  sessionHeaders,
  uniqueSlug,
} from "../helpers/auth-fixtures";

let admin: { id: string };
let lead: { id: string };
let team: { slug: string };
let product: string;
let adminBearer: Record<string, string>;

beforeAll(async () => {
  product = uniqueSlug("hb");
  team = await createTeam(uniqueSlug("team"), [product]);
  admin = await createUser([{ role: "admin" }]);
  lead = await createUser([{ role: "team_lead", teamId: (team as { id: string } & typeof team).id }]);
  const { token } = await createApiToken(await principalOf(admin.id), { name: "fuzz", role: "admin" });
  adminBearer = { authorization: `Bearer ${token}` };
});

/**
 * Calls a handler with a URL exactly as given (raw percent-escapes kept), passing dynamic segments
 * decoded the way Next.js does (raw when they do not decode).
 */
async function callRaw(
  method: HttpMethod,
  routePath: string,
  rawSegments: Record<string, string>,
  opts: { rawQuery?: string; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  const handler = (await loadRouteModule(routePath))[method]!;
  const params: Record<string, string | string[]> = {};
  const path = routePath.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, rest: string | undefined, name: string) => {
    const raw = rawSegments[name] ?? `sample-${name}`;
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Next.js hands the raw segment on when it cannot decode it.
    }
    params[name] = rest ? decoded.split("/") : decoded;
    return raw;
  });
  const url = `http://portico.test${path}${opts.rawQuery ? `?${opts.rawQuery}` : ""}`;
  const headers = new Headers(opts.headers);
  if (opts.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  const req = new Request(url, { method, headers, body: opts.body });
  return handler(req, { params: Promise.resolve(params) });
}

const requestBody = (overrides: Record<string, unknown> = {}) => ({
  product,
  team: team.slug,
  namespace: product,
  hosts: [`${product}.my-company.io`],
  clusters: ["east"],
  routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
  ...overrides,
});

describe("NUL and control characters in JSON strings", () => {
  it.each([
    ["product", { product: `${"x"}\u0000` }, /product has the control character U\+0000/],
    [
      "a route's service",
      { routes: [{ pathPrefix: "/", service: "web\u0000", port: 8080 }] },
      /routes\[0\]\.service/,
    ],
    ["a host", { hosts: ["a\u001b.my-company.io"] }, /hosts\[0\] has the control character U\+001B/],
    ["the reason", { reason: "because\u0007" }, /reason has the control character U\+0007/],
    ["a field name", { ["na\u0000me"]: "x" }, /field name/],
  ])("refuses a gateway request with a NUL or control character in %s", async (_, overrides, message) => {
    const res = await callRoute("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: requestBody(overrides),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect(await prisma.gatewayRequest.count({ where: { productSlug: product } })).toBe(0);
  });

  it("refuses a cluster whose name holds a NUL, and stores nothing", async () => {
    const name = uniqueSlug("nul");
    const res = await callRoute("POST", "/api/clusters", {
      headers: await sessionHeaders(admin.id),
      body: { name: `${name}\u0000`, server: "https://10.0.0.1:6443", token: "t", zone: "us-east-1a" },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/name has the control character U\+0000/);
    expect(await prisma.cluster.count({ where: { name: { startsWith: name } } })).toBe(0);
  });

  it("refuses a NUL in a sign-in email before it reaches the database", async () => {
    const res = await callRoute("POST", "/api/auth/sign-in", {
      body: { email: "a\u0000@test.portico", password: "x" },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/email has the control character U\+0000/);
  });
});

describe("%00, %ff and malformed percent-encoding in paths and queries", () => {
  it.each([
    ["GET", "/api/requests/[id]", { id: "%00" }, undefined, /control character U\+0000/],
    ["GET", "/api/requests/[id]", { id: "%ff" }, undefined, /not UTF-8/],
    ["GET", "/api/clusters/[name]", { name: "east%" }, undefined, /not followed by two hexadecimal/],
    ["DELETE", "/api/clusters/[name]", { name: "%E0%A4%A" }, undefined, /not followed by two hexadecimal/],
    ["GET", "/api/revisions/[number]", { number: "1%00" }, undefined, /U\+0000/],
    ["GET", "/api/audit/[id]", { id: "%ff%fe" }, undefined, /not UTF-8/],
    ["GET", "/api/audit", {}, "actor=%00", /query string has the control character U\+0000/],
    ["GET", "/api/audit", {}, "actor=%ff", /query string has percent-encoded bytes/],
    ["GET", "/api/requests", {}, "status=%", /not followed by two hexadecimal/],
    ["GET", "/api/export", {}, "format=yaml%0d%0aX-Injected:1", /U\+000D/],
    ["GET", "/api/auth/oidc/start", {}, "next=/%09/evil.example", /U\+0009/],
  ] as const)("%s %s %j %s", async (method, path, segments, rawQuery, message) => {
    const res = await callRaw(method, path, segments, { rawQuery, headers: adminBearer });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
  });
});

describe("random bytes to every endpoint", () => {
  const hostileSegment = fc.oneof(
    fc.constantFrom("%00", "%ff", "%", "%E0%A4%A", "%C0%AF", "..", "%2e%2e", "a%0ab", "\u0000"),
    fc
      .uint8Array({ maxLength: 12 })
      .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
    fc.string({ unit: "binary", maxLength: 12 }).map((s) => encodeURIComponent(s)),
  );
  const hostileBody = fc.oneof(
    fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? "null")),
    fc
      .dictionary(fc.string({ unit: "binary", maxLength: 8 }), fc.string({ unit: "binary", maxLength: 24 }))
      .map((v) => Buffer.from(JSON.stringify(v))),
  );

  it("answers below 500, whatever arrives", async () => {
    const failures: string[] = [];
    for (const endpoint of ENDPOINTS) {
      const names = [...endpoint.path.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...names.map(() => hostileSegment)),
          fc.option(fc.tuple(hostileSegment, hostileSegment), { nil: undefined }),
          hostileBody,
          async (segments, query, body) => {
            const res = await callRaw(
              endpoint.method,
              endpoint.path,
              Object.fromEntries(names.map((n, i) => [n, segments[i]!])),
              {
                rawQuery: query ? `${query[0]}=${query[1]}` : undefined,
                body: endpoint.method === "GET" ? undefined : new Uint8Array(body),
                headers: adminBearer,
              },
            );
            if (res.status >= 500) {
              failures.push(`${endpoint.method} ${endpoint.path} ${segments.join(",")} → ${res.status}`);
            }
            return res.status < 500;
          },
        ),
        { numRuns: 25, seed: 16 },
      );
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
