// Walks every role (and an anonymous caller) against every API endpoint, calling the real route
// handlers, and checks that each is refused exactly when the permission table says so. The endpoints
// are derived from the route modules themselves; this also checks that every exported handler goes
// through route() (so names its permission) and that the generated module list is current.
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTE_MODULES } from "@/app/api/route-modules";
import { handlersWithoutRoute, type Endpoint } from "@/lib/api/endpoints";
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
import { ENDPOINTS, STRAY_SAMPLES, type EndpointFixtures } from "./helpers/endpoints";
import { renderRouteModules, ROUTE_MODULES_FILE } from "../scripts/generate-route-modules.mjs";

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
  it("lists every route module of app/api (npm run routes:generate)", async () => {
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(ROUTE_MODULES_FILE, "utf8"), "app/api/route-modules.ts is stale").toBe(
      renderRouteModules(process.cwd()),
    );
  });

  it("finds every exported handler made by route(), with its permission", () => {
    expect(handlersWithoutRoute(ROUTE_MODULES), "wrap these handlers in route({ permission })").toEqual([]);
    expect(ENDPOINTS.length).toBeGreaterThan(50);
    expect(ENDPOINTS).toContainEqual(
      expect.objectContaining({ method: "DELETE", path: "/api/tokens/[id]", permission: "token:manage-own" }),
    );
  });

  it("has no sample for an endpoint that does not exist", () => {
    expect(STRAY_SAMPLES).toEqual([]);
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
