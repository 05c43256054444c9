// Single sign-on end to end against a real OpenID Connect provider (oidc-provider) on loopback:
// authorization code + PKCE, state and nonce, user creation and role bindings from groups.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { sha256 } from "@/lib/auth/tokens";
import { callRoute, createTeam, uniqueSlug } from "./helpers/auth-fixtures";
import { createTestProvider } from "./oidc-test-provider";

const REDIRECT = "http://portico.test/api/auth/oidc/callback";
const accounts = new Map<string, { email: string; name: string; groups: string[] }>();
let server: http.Server;
let issuer: string;
let teamSlug: string;
/** The account the provider signs in at its next interaction. */
let nextAccount = "";

beforeAll(async () => {
  teamSlug = uniqueSlug("payments");
  await createTeam(teamSlug);
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = createTestProvider({
    issuer,
    client: { id: "portico", secret: "portico-test-secret", redirectUri: REDIRECT },
    account: (sub) => accounts.get(sub),
  });
  const callback = provider.callback();
  server.on("request", (req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      void provider.interactionFinished(
        req,
        res,
        { login: { accountId: nextAccount } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    callback(req, res);
  });
  process.env.PORTICO_OIDC_ISSUER = issuer;
  process.env.PORTICO_OIDC_CLIENT_ID = "portico";
  process.env.PORTICO_OIDC_CLIENT_SECRET = "portico-test-secret";
  process.env.PORTICO_OIDC_REDIRECT_URL = REDIRECT;
  process.env.PORTICO_OIDC_ROLE_MAP = `portico-admins=admin,${teamSlug}-leads=team-lead:${teamSlug},auditors=auditor`;
});

afterAll(async () => {
  for (const k of ["ISSUER", "CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URL", "ROLE_MAP"])
    delete process.env[`PORTICO_OIDC_${k}`];
  await new Promise((resolve) => server.close(resolve));
});

/** Follows the provider's redirects like a browser with a cookie jar, up to Portico's callback. */
async function browseToCallback(start: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let i = 0; i < 10; i++) {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get("location");
    if (!location) throw new Error(`provider stopped at ${url} with ${res.status}: ${await res.text()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(REDIRECT)) return next;
    url = next.href;
  }
  throw new Error("too many redirects");
}

async function signInThroughProvider(account: string, opts: { tamperState?: boolean; next?: string } = {}) {
  nextAccount = account;
  const start = await callRoute("GET", "/api/auth/oidc/start", {
    query: { next: opts.next ?? "/requests" },
  });
  expect(start.status).toBe(302);
  const flowCookie = start.headers.getSetCookie().find((c) => c.startsWith("portico_oidc="))!;
  expect(flowCookie).toMatch(/HttpOnly/);
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("nonce")).toBeTruthy();
  const callbackUrl = await browseToCallback(authorize.href);
  if (opts.tamperState) callbackUrl.searchParams.set("state", "forged");
  return callRoute("GET", "/api/auth/oidc/callback", {
    query: Object.fromEntries(callbackUrl.searchParams),
    headers: { cookie: flowCookie.split(";")[0]! },
  });
}

describe("OpenID Connect sign-in", () => {
  it("creates the user with the roles its groups map to and opens a session", async () => {
    const sub = uniqueSlug("sub");
    const email = `${sub}@sso.test`;
    accounts.set(sub, { email, name: "Sam Sso", groups: [`${teamSlug}-leads`, "everyone"] });
    const res = await signInThroughProvider(sub);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/requests");
    const sessionCookie = res.headers.getSetCookie().find((c) => c.startsWith("portico_session="))!;
    const token = sessionCookie.split(";")[0]!.split("=")[1]!;
    const user = await prisma.user.findUniqueOrThrow({
      where: { email },
      include: { roles: { include: { team: true } } },
    });
    expect(user).toMatchObject({ name: "Sam Sso", oidcIssuer: issuer, oidcSubject: sub, passwordHash: null });
    expect(user.roles.map((r) => [r.role, r.team?.slug])).toEqual([["team_lead", teamSlug]]);
    expect(await prisma.session.count({ where: { userId: user.id, tokenHash: sha256(token) } })).toBe(1);

    // Groups are the source of truth at every sign-in.
    accounts.set(sub, { email, name: "Sam Sso", groups: ["auditors"] });
    expect((await signInThroughProvider(sub)).status).toBe(303);
    const roles = await prisma.roleBinding.findMany({ where: { userId: user.id } });
    expect(roles.map((r) => r.role)).toEqual(["auditor"]);
    expect(
      await prisma.auditEvent.count({ where: { action: "user.role.sync-from-idp", targetId: user.id } }),
    ).toBe(2);
  });

  it("refuses accounts in no mapped group, with a message on the sign-in page", async () => {
    const sub = uniqueSlug("sub");
    accounts.set(sub, { email: `${sub}@sso.test`, name: "Nobody", groups: ["everyone"] });
    const res = await signInThroughProvider(sub);
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get("location")!)).toContain(
      "/sign-in?error=Your account is not in any group",
    );
    expect(res.headers.getSetCookie().some((c) => c.startsWith("portico_session="))).toBe(false);
    expect(await prisma.user.count({ where: { email: `${sub}@sso.test` } })).toBe(0);
  });

  it("rejects a callback whose state does not match the flow", async () => {
    const sub = uniqueSlug("sub");
    accounts.set(sub, { email: `${sub}@sso.test`, name: "Mallory", groups: ["portico-admins"] });
    const res = await signInThroughProvider(sub, { tamperState: true });
    expect(res.headers.get("location")).toMatch(/^\/sign-in\?error=/);
    expect(await prisma.user.count({ where: { email: `${sub}@sso.test` } })).toBe(0);
  });

  it.each([
    ["a scheme-relative URL", "//evil.example/requests"],
    ["a backslash", "/\\evil.example"],
    ["a dot segment collapsing to //", "/.//evil.example"],
  ])("returns to Portico's home, not to another origin, for %s", async (_, next) => {
    const sub = uniqueSlug("sub");
    accounts.set(sub, { email: `${sub}@sso.test`, name: "Rita Redirect", groups: ["auditors"] });
    const res = await signInThroughProvider(sub, { next });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  });

  it("refuses the issue's /%09/evil.example before starting a sign-on at all", async () => {
    const start = await callRoute("GET", "/api/auth/oidc/start", { query: { next: "/\t/evil.example" } });
    expect(start.status).toBe(400);
    expect(start.headers.get("location")).toBeNull();
    expect((await start.json()).error.message).toMatch(/control character U\+0009/);
  });
});
