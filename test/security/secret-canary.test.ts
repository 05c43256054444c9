// Canaries beyond cluster tokens (test/cluster-credentials-canary.test.ts covers those): a TLS
// private key pasted into a gateway request and an API token's secret must never come back in any
// API response, reach a log line at the most verbose level, land in an audit diff or an error.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { redactSecrets } from "@/lib/audit/redact";
import { captureOutput } from "../helpers/capture-output";
import { callRoute, createTeam, createUser, sessionHeaders, uniqueSlug } from "../helpers/auth-fixtures";

vi.hoisted(() => {
  process.env.PORTICO_LOG_LEVEL = "trace";
});

const tlsCanary = `canary-tls-${randomUUID()}`;
const pem = `-----BEGIN PRIVATE KEY-----\n${tlsCanary}\n-----END PRIVATE KEY-----`;
const output = captureOutput();
const bodies: string[] = [];
let apiToken = "";
let lead: { id: string };
let pe: { id: string };
let admin: { id: string };
let teamSlug: string;
let product: string;

async function call(...args: Parameters<typeof callRoute>) {
  const res = await callRoute(...args);
  const text = await res.clone().text();
  bodies.push(text);
  return { res, text };
}

beforeAll(async () => {
  product = uniqueSlug("canary");
  const team = await createTeam(uniqueSlug("team"), [product]);
  teamSlug = team.slug;
  lead = await createUser([{ role: "team_lead", teamId: team.id }]);
  pe = await createUser([{ role: "platform_engineer" }]);
  admin = await createUser([{ role: "admin" }]);
});

afterAll(() => output.restore());

describe("secret canaries", () => {
  it("a TLS key pasted into a request field is refused without being echoed", async () => {
    const body = {
      product,
      team: teamSlug,
      namespace: product,
      hosts: [`${product}.my-company.io`],
      clusters: ["east"],
      routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
    };
    // As an unknown field, as the secret name, and inside a malformed JSON body.
    const unknown = await call("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: { ...body, tlsKey: pem },
    });
    expect(unknown.res.status).toBe(400);
    const asName = await call("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: { ...body, tlsSecret: pem },
    });
    expect(asName.res.status).toBe(400);
    const malformed = await call("POST", "/api/requests", {
      headers: { ...(await sessionHeaders(lead.id)), "content-type": "application/json" },
      rawBody: `{"tlsKey": "${tlsCanary}", `,
    });
    expect(malformed.res.status).toBe(400);
  });

  it("redacts key-like fields wherever they are nested in an audit diff", async () => {
    const res = await call("POST", "/api/requests", {
      headers: await sessionHeaders(lead.id),
      body: {
        product,
        team: teamSlug,
        namespace: product,
        hosts: [`${product}.my-company.io`],
        clusters: ["east"],
        routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
      },
    });
    expect(res.res.status).toBe(201);
    // The redactor removes values under key-like names wherever they are nested.
    expect(
      JSON.stringify(redactSecrets({ payload: { tlsKey: pem, privateKey: pem, nested: [{ secret: pem }] } })),
    ).not.toContain(tlsCanary);
  });

  it("an API token's secret is shown once and never again", async () => {
    const created = await call("POST", "/api/tokens", {
      headers: await sessionHeaders(pe.id),
      body: { name: "canary", role: "platform-engineer" },
    });
    expect(created.res.status).toBe(201);
    apiToken = JSON.parse(created.text).token;
    bodies.pop(); // the one response allowed to carry it
    const bearer = { authorization: `Bearer ${apiToken}` };
    await call("GET", "/api/tokens", { headers: bearer });
    await call("GET", "/api/requests", { headers: bearer });
    await call("GET", "/api/me", { headers: bearer });
    await call("POST", "/api/requests/[id]/reviews", {
      headers: bearer,
      params: { id: "no-such" },
      body: { decision: "approve" },
    });
    await call("GET", "/api/audit", { headers: await sessionHeaders(admin.id), query: { limit: "200" } });
    await call("GET", "/api/audit/export", {
      headers: await sessionHeaders(admin.id),
      query: { format: "json" },
    });
    // A wrong token that embeds the real one must not be echoed in the error either.
    await call("GET", "/api/requests", { headers: { authorization: `Bearer ${apiToken}x` } });
  });

  it("none of the canaries appears in a response, a log line or the audit log", async () => {
    const secrets = [tlsCanary, apiToken, apiToken.slice(8)];
    const audit = JSON.stringify(
      await prisma.auditEvent.findMany({
        select: { before: true, after: true, metadata: true, targetId: true, action: true },
      }),
    );
    const stored = JSON.stringify(await prisma.gatewayRequest.findMany({ select: { payload: true } }));
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      for (const b of bodies) expect(b).not.toContain(secret);
      expect(output.text()).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    // The logger really was capturing at trace level.
    expect(output.text()).toMatch(/request refused/);
  });
});
