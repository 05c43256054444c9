// Sign-in, sessions, CSRF, bearer tokens and input handling through the real route handlers.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { ensureFirstAdmin } from "@/lib/auth/ensure-first-admin";
import { createApiToken } from "@/lib/auth/api-token";
import { CSRF_COOKIE, SESSION_COOKIE } from "@/lib/auth/session";
import { sha256 } from "@/lib/auth/tokens";
import {
  callRoute,
  createTeam,
  createUser,
  principalOf,
  sessionHeaders,
  TEST_PASSWORD,
  uniqueSlug,
} from "./helpers/auth-fixtures";

function cookiesOf(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of res.headers.getSetCookie()) out.set(c.split("=")[0]!, c);
  return out;
}

function cookieValue(setCookie: string | undefined): string {
  return setCookie?.split(";")[0]?.split("=").slice(1).join("=") ?? "";
}

describe("POST /api/auth/sign-in", () => {
  it("opens a session: HttpOnly session cookie, readable CSRF cookie, only the hash stored", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const res = await callRoute("POST", "/api/auth/sign-in", {
      body: { email: user.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const cookies = cookiesOf(res);
    const session = cookies.get(SESSION_COOKIE)!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(cookies.get(CSRF_COOKIE)).not.toMatch(/HttpOnly/);
    const token = cookieValue(session);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const row = await prisma.session.findUnique({ where: { tokenHash: sha256(token) } });
    expect(row?.userId).toBe(user.id);
    expect(await prisma.session.count({ where: { tokenHash: token } })).toBe(0);

    const me = await callRoute("GET", "/api/me", { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email, roles: [{ role: "auditor" }] });
  });

  it("answers a wrong password and an unknown email the same way, and records only an audit event", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const before = await prisma.session.count({ where: { userId: user.id } });
    const wrong = await callRoute("POST", "/api/auth/sign-in", {
      body: { email: user.email, password: "nope" },
    });
    const unknown = await callRoute("POST", "/api/auth/sign-in", {
      body: { email: `${uniqueSlug("ghost")}@test.portico`, password: "nope" },
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: "UNAUTHENTICATED", message: "Email or password is incorrect." },
      });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(before);
    const events = await prisma.auditEvent.findMany({
      where: { action: "auth.sign-in.failed", actorEmail: user.email },
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0], (_, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      "nope",
    );
  });

  it("explains invalid input field by field", async () => {
    const res = await callRoute("POST", "/api/auth/sign-in", { body: { email: "not-an-email" } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toContain("email: Enter a valid email address.");
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["email", "password"]);
  });

  it("refuses a sign-in posted from another site", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const res = await callRoute("POST", "/api/auth/sign-in", {
      body: { email: user.email, password: TEST_PASSWORD },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});

describe("POST /api/auth/sign-out", () => {
  it("answers the sign-in page that returns to a same-origin next, and never to another origin", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const cases: [string, string][] = [
      ["/requests?status=open", "/sign-in?next=%2Frequests%3Fstatus%3Dopen"],
      ["/%09/evil.example", "/sign-in"],
      ["//evil.example", "/sign-in"],
      ["/\\evil.example", "/sign-in"],
      ["https://evil.example/", "/sign-in"],
    ];
    for (const [next, location] of cases) {
      const res = await callRoute("POST", "/api/auth/sign-out", {
        headers: await sessionHeaders(user.id),
        query: { next },
      });
      expect(res.status, next).toBe(200);
      expect(await res.json(), next).toEqual({ location });
    }
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("deletes the session row and clears both cookies", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const headers = await sessionHeaders(user.id);
    expect((await callRoute("GET", "/api/me", { headers })).status).toBe(200);
    const res = await callRoute("POST", "/api/auth/sign-out", { headers });
    expect(res.status).toBe(204);
    const cleared = cookiesOf(res);
    expect(cleared.get(SESSION_COOKIE)).toMatch(/Max-Age=0/);
    expect(cleared.get(CSRF_COOKIE)).toMatch(/Max-Age=0/);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await callRoute("GET", "/api/me", { headers })).status).toBe(401);
  });
});

describe("sessions", () => {
  it("rejects an expired session and removes it", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const headers = await sessionHeaders(user.id);
    await prisma.session.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await callRoute("GET", "/api/me", { headers })).status).toBe(401);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("rejects sessions of disabled users", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const headers = await sessionHeaders(user.id);
    await prisma.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect((await callRoute("GET", "/api/me", { headers })).status).toBe(401);
  });
});

describe("CSRF on cookie-authenticated mutations", () => {
  it("refuses a missing, a wrong and a cross-site token", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const body = { name: "ci", role: "auditor" };
    const noHeader = await callRoute("POST", "/api/tokens", {
      body,
      headers: await sessionHeaders(user.id, { csrf: false }),
    });
    expect(noHeader.status).toBe(403);
    expect((await noHeader.json()).error.message).toContain("x-csrf-token");

    const wrong = await sessionHeaders(user.id);
    wrong["x-csrf-token"] = "forged";
    expect((await callRoute("POST", "/api/tokens", { body, headers: wrong })).status).toBe(403);

    // A token from another session of the same user does not fit this one.
    const a = await sessionHeaders(user.id);
    const b = await sessionHeaders(user.id);
    const mixed: Record<string, string> = { ...a, "x-csrf-token": b["x-csrf-token"]! };
    mixed.cookie = a.cookie!.replace(/portico_csrf=[^;]+/, `portico_csrf=${b["x-csrf-token"]}`);
    expect((await callRoute("POST", "/api/tokens", { body, headers: mixed })).status).toBe(403);

    const crossSite = { ...(await sessionHeaders(user.id)), origin: "https://evil.example" };
    expect((await callRoute("POST", "/api/tokens", { body, headers: crossSite })).status).toBe(403);

    const sameSite = { ...(await sessionHeaders(user.id)), origin: "http://portico.test" };
    expect((await callRoute("POST", "/api/tokens", { body, headers: sameSite })).status).toBe(201);
  });

  it("does not ask for a token on reads", async () => {
    const user = await createUser([{ role: "auditor" }]);
    expect(
      (await callRoute("GET", "/api/tokens", { headers: await sessionHeaders(user.id, { csrf: false }) }))
        .status,
    ).toBe(200);
  });
});

describe("bearer API tokens", () => {
  it("are shown once, authenticate without CSRF, and stop working when revoked", async () => {
    const user = await createUser([{ role: "platform_engineer" }]);
    const created = await callRoute("POST", "/api/tokens", {
      body: { name: "deploy bot", role: "platform-engineer" },
      headers: await sessionHeaders(user.id),
    });
    expect(created.status).toBe(201);
    const { token, id, prefix } = await created.json();
    expect(token).toMatch(/^ptc_/);
    expect(token.startsWith(prefix)).toBe(true);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(sha256(token));

    const listed = await (
      await callRoute("GET", "/api/tokens", { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(JSON.stringify(listed)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const made = await callRoute("POST", "/api/tokens", {
      body: { name: "second", role: "platform-engineer" },
      headers: bearer,
    });
    expect(made.status).toBe(201);

    expect(
      (
        await callRoute("DELETE", "/api/tokens/[id]", {
          params: { id },
          headers: await sessionHeaders(user.id),
        })
      ).status,
    ).toBe(204);
    const after = await callRoute("GET", "/api/me", { headers: bearer });
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toContain("revoked");
  });

  it("act with their own role only, not every role of the owner", async () => {
    const user = await createUser([{ role: "admin" }, { role: "auditor" }]);
    const { token } = await createApiToken(await principalOf(user.id), {
      name: "read-only",
      role: "auditor",
    });
    const target = await createUser([{ role: "auditor" }]);
    const res = await callRoute("POST", "/api/users/[id]/roles", {
      params: { id: target.id },
      body: { role: "admin" },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
  });

  it("cannot be created for a role the owner does not hold", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const res = await callRoute("POST", "/api/tokens", {
      body: { name: "x", role: "admin" },
      headers: await sessionHeaders(user.id),
    });
    expect(res.status).toBe(403);
  });

  it("reject malformed and unknown tokens", async () => {
    expect((await callRoute("GET", "/api/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect(
      (await callRoute("GET", "/api/me", { headers: { authorization: "Bearer ptc_unknown" } })).status,
    ).toBe(401);
  });
});

describe("request bodies", () => {
  it("answers malformed JSON, a wrong content type and an oversized body clearly", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const headers = await sessionHeaders(user.id);
    const malformed = await callRoute("POST", "/api/tokens", {
      rawBody: "{name:",
      headers: { ...headers, "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/not valid JSON/);

    const form = await callRoute("POST", "/api/tokens", {
      rawBody: "name=x",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);

    const empty = await callRoute("POST", "/api/tokens", { headers });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/empty/);

    const huge = await callRoute("POST", "/api/tokens", {
      body: { name: "x".repeat(1024 * 1024 + 10), role: "auditor" },
      headers,
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("keeps a caller-supplied request id", async () => {
    const res = await callRoute("GET", "/api/health", { headers: { "x-request-id": "trace-123" } });
    expect(res.headers.get("x-request-id")).toBe("trace-123");
  });
});

describe("role bindings", () => {
  it("grant and revoke write the change and its audit event together", async () => {
    const admin = await createUser([{ role: "admin" }]);
    const target = await createUser([{ role: "auditor" }]);
    const team = await createTeam();
    const headers = await sessionHeaders(admin.id);
    const granted = await callRoute("POST", "/api/users/[id]/roles", {
      params: { id: target.id },
      body: { role: "team-lead", teamSlug: team.slug },
      headers,
    });
    expect(granted.status).toBe(201);
    const binding = await granted.json();
    expect(binding).toMatchObject({ role: "team-lead", teamSlug: team.slug });
    const grantEvent = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "user.role.grant", targetId: target.id },
    });
    expect(grantEvent).toMatchObject({ actorEmail: admin.email, actorRole: "admin" });
    expect(grantEvent.requestId).toBe(granted.headers.get("x-request-id"));

    const dup = await callRoute("POST", "/api/users/[id]/roles", {
      params: { id: target.id },
      body: { role: "team-lead", teamSlug: team.slug },
      headers,
    });
    expect(dup.status).toBe(409);
    const noTeam = await callRoute("POST", "/api/users/[id]/roles", {
      params: { id: target.id },
      body: { role: "team-lead" },
      headers,
    });
    expect(noTeam.status).toBe(422);
    const badRole = await callRoute("POST", "/api/users/[id]/roles", {
      params: { id: target.id },
      body: { role: "root" },
      headers,
    });
    expect(badRole.status).toBe(400);

    const revoked = await callRoute("DELETE", "/api/users/[id]/roles/[bindingId]", {
      params: { id: target.id, bindingId: binding.id },
      headers,
    });
    expect(revoked.status).toBe(200);
    expect(await prisma.roleBinding.count({ where: { id: binding.id } })).toBe(0);
    expect(
      await prisma.auditEvent.count({ where: { action: "user.role.revoke", targetId: target.id } }),
    ).toBe(1);
  });

  it("writes neither binding nor audit event when a grant is refused", async () => {
    const admin = await principalOf((await createUser([{ role: "admin" }])).id);
    const target = await createUser([{ role: "auditor" }]);
    const { grantRole } = await import("@/lib/auth/manage-roles");
    await expect(
      grantRole(admin, target.id, { role: "team_lead", teamSlug: "no-such-team" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await prisma.roleBinding.count({ where: { userId: target.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { targetId: target.id } })).toBe(0);
  });
});

describe("ensureFirstAdmin", () => {
  it("does nothing without configuration and never creates a second admin", async () => {
    expect(await ensureFirstAdmin({})).toBe("not-configured");
    await expect(
      ensureFirstAdmin({ PORTICO_ADMIN_EMAIL: "a@b.c", PORTICO_ADMIN_PASSWORD: "short" }),
    ).rejects.toThrow(/12 characters/);
    const email = `${uniqueSlug("first")}@test.portico`;
    const result = await ensureFirstAdmin({
      PORTICO_ADMIN_EMAIL: email,
      PORTICO_ADMIN_PASSWORD: "a-long-enough-password",
    });
    // Other tests in this run may already have created admins.
    const admins = await prisma.roleBinding.count({ where: { role: "admin" } });
    expect(admins).toBeGreaterThan(0);
    if (result === "created") {
      const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { roles: true } });
      expect(user.roles.map((r) => r.role)).toEqual(["admin"]);
    } else {
      expect(result).toBe("exists");
      expect(await prisma.user.count({ where: { email } })).toBe(0);
    }
  });
});

describe("GET /api/health", () => {
  it("reports the database", async () => {
    const res = await callRoute("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});

describe("unknown API paths", () => {
  it("answer JSON 404", async () => {
    const res = await callRoute("PATCH", "/api/[...slug]", { params: { slug: "nope/here" } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain("PATCH /api/nope/here");
  });
});
