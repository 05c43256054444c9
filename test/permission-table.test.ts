// Walks every role (and an anonymous caller) against every registered API endpoint, calling the real
// route handlers, and checks that each is refused exactly when the permission table says so. Also
// checks that no exported handler in app/api is missing from the registry.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type Endpoint, type EndpointFixtures, type HttpMethod } from "@/lib/api/endpoints";
import { createApiToken } from "@/lib/auth/api-token";
import { can, ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";
import {
  callRoute,
  createTeam,
  createUser,
  principalOf,
  sessionHeaders,
  TEST_PASSWORD,
  uniqueSlug,
} from "./helpers/auth-fixtures";

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await routeFiles(full)));
    else if (/^route\.(ts|tsx|js)$/.test(e.name)) out.push(full);
  }
  return out;
}

/** app/api/(group)/users/[id]/route.ts → /api/users/[id] */
function routePathOf(file: string): string {
  const rel = path.relative(path.resolve("app"), path.dirname(file)).split(path.sep);
  return "/" + rel.filter((s) => !/^\(.*\)$/.test(s)).join("/");
}

const callers: Partial<Record<Role, { id: string; email: string }>> = {};
let team: { id: string; slug: string };
let productSlug: string;
let targetUserId: string;

beforeAll(async () => {
  productSlug = uniqueSlug("prod");
  team = await createTeam(uniqueSlug("team"), [productSlug]);
  for (const role of ROLES) {
    callers[role] = await createUser([{ role, teamId: role === "team_lead" ? team.id : undefined }]);
  }
  targetUserId = (await createUser([{ role: "auditor" }])).id;
});

async function fixturesFor(role: Role): Promise<EndpointFixtures> {
  const caller = callers[role]!;
  const principal = await principalOf(caller.id);
  const token = await createApiToken(principal, { name: "fixture", role });
  // A fresh binding per call, so that an allowed DELETE has something to remove.
  const { prisma } = await import("@/lib/db/client");
  const binding = await prisma.roleBinding.create({
    data: { userId: targetUserId, role: "team_lead", teamId: (await createTeam()).id },
  });
  return {
    caller: { id: caller.id, email: caller.email, password: TEST_PASSWORD, role: ROLE_LABELS[role] },
    targetUserId,
    targetBindingId: binding.id,
    teamSlug: team.slug,
    productSlug,
    callerTokenId: token.id,
  };
}

function label(e: Endpoint) {
  return `${e.method} ${e.path} (${e.permission})`;
}

describe("endpoint registry", () => {
  it("lists every handler exported by app/api/**/route.ts", async () => {
    const missing: string[] = [];
    const files = await routeFiles(path.resolve("app/api"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const routePath = routePathOf(file);
      for (const method of METHODS) {
        if (typeof mod[method] !== "function") continue;
        if (!ENDPOINTS.some((e) => e.method === method && e.path === routePath))
          missing.push(`${method} ${routePath}`);
      }
    }
    expect(missing, "add these endpoints to lib/api/endpoints.ts").toEqual([]);
  });

  it("names only handlers that exist, once each", async () => {
    const seen = new Set<string>();
    for (const e of ENDPOINTS) {
      const key = `${e.method} ${e.path}`;
      expect(seen.has(key), `${key} is listed twice`).toBe(false);
      seen.add(key);
      const source = await readFile(path.resolve("app", `.${e.path}`, "route.ts"), "utf8");
      expect(source, `${key}: the handler must name its permission`).toContain(
        `permission: "${e.permission}"`,
      );
    }
  });
});

describe("permission table, enforced by every handler", () => {
  const protectedEndpoints = ENDPOINTS.filter((e) => e.permission !== "public");

  it.each(protectedEndpoints.map((e) => [label(e), e] as const))(
    "%s refuses anonymous callers with 401",
    async (_, e) => {
      const fx = await fixturesFor("auditor");
      const sample = e.sample?.(fx) ?? {};
      const res = await callRoute(e.method, e.path, { ...sample });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
    },
  );

  for (const role of ROLES) {
    describe(ROLE_LABELS[role], () => {
      it.each(ENDPOINTS.map((e) => [label(e), e] as const))("%s", async (_, e) => {
        const fx = await fixturesFor(role);
        const principal = await principalOf(fx.caller.id);
        const allowed = e.permission === "public" || can(principal, e.permission);
        const sample = e.sample?.(fx) ?? {};
        const res = await callRoute(e.method, e.path, {
          ...sample,
          headers: await sessionHeaders(fx.caller.id),
        });
        const text = await res.text();
        if (allowed) {
          expect(
            [401, 403],
            `${ROLE_LABELS[role]} may call ${label(e)} but got ${res.status}: ${text}`,
          ).not.toContain(res.status);
          expect(res.status, `${label(e)} failed on the server: ${text}`).toBeLessThan(500);
        } else {
          expect(res.status, `${ROLE_LABELS[role]} must be refused ${label(e)}: ${text}`).toBe(403);
          expect(JSON.parse(text).error.code).toBe("FORBIDDEN");
        }
      });
    });
  }
});
