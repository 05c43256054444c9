// Every write of a topology runs the analyzer: the API, rollback and request approval all store
// through createRevision, which refuses errors a change introduces unless a platform engineer
// overrides them with a written reason, audited with the findings.
import { dropOwnDatabase } from "../helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import type { Topology } from "@/lib/topology";
import { callRoute, createUser, sessionHeaders } from "../helpers/auth-fixtures";

const clean = loadExample("00-shared-ingress");

/** The reference with a regex istiod refuses (a lookahead is not RE2). */
function withInvalidRegex(): Topology {
  const doc = structuredClone(clean);
  doc.routes[0]!.http[0]!.match = [{ path: { regex: "/v1/(?=payments)" } }];
  return doc;
}

let admin: { id: string };
let engineer: { id: string };

beforeAll(async () => {
  admin = await createUser([{ role: "admin" }]);
  engineer = await createUser([{ role: "platform_engineer" }]);
  await prisma.$transaction((tx) =>
    createRevision(tx, { document: clean, message: "clean base", actor: null }),
  );
});

afterAll(async () => {
  await prisma.$disconnect();
  await dropOwnDatabase();
});

async function post(userId: string, body: unknown) {
  return callRoute("POST", "/api/revisions", { headers: await sessionHeaders(userId), body });
}

describe("POST /api/revisions runs the analyzer", () => {
  it("refuses an invalid regex with 422 and the findings, and stores nothing", async () => {
    const before = await prisma.revision.count();
    const res = await post(engineer.id, { document: withInvalidRegex(), message: "add a regex" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { message: string; details: { findings: { code: string; severity: string }[] } };
    };
    expect(body.error.message).toMatch(/analyzer found 1 error .*PTC026 InvalidRegex.*nothing was saved/);
    expect(body.error.details.findings).toEqual([
      expect.objectContaining({ code: "PTC026", severity: "error" }),
    ]);
    expect(await prisma.revision.count()).toBe(before);
  });

  it("refuses a route that takes another product's host", async () => {
    const doc = structuredClone(clean);
    // analytics' route now answers for payments' host: two VirtualServices for one host on a gateway.
    doc.routes[1]!.host = "payments.my-company.io";
    const before = await prisma.revision.count();
    const res = await post(engineer.id, { document: doc, message: "steal a host" });
    expect(res.status).toBe(422);
    expect(await prisma.revision.count()).toBe(before);
  });

  it("lets a platform engineer override with a reason, and audits the reason and the findings", async () => {
    const reason = "istiod in east is patched for lookaheads; INC-4411";
    const res = await post(engineer.id, {
      document: withInvalidRegex(),
      message: "add a regex",
      override: { reason },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { targetId: id, action: "revision.analysis.override" },
    });
    expect(audit.actorId).toBe(engineer.id);
    expect(audit.after).toMatchObject({
      reason,
      findings: [expect.objectContaining({ code: "PTC026" })],
    });
  });

  it("does not hold the next change hostage to an error already stored", async () => {
    // The newest revision carries the overridden regex; an unrelated change keeps it and is stored.
    const doc = withInvalidRegex();
    doc.metadata.description = "unrelated change";
    const res = await post(engineer.id, { document: doc, message: "describe" });
    expect(res.status).toBe(201);
  });

  it("refuses an override with a reason too short to weigh", async () => {
    const doc = withInvalidRegex();
    doc.routes[1]!.host = "payments.my-company.io";
    const res = await post(admin.id, { document: doc, message: "x", override: { reason: "ok" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/10 characters/);
  });
});

describe("createRevision refuses overrides from callers without the permission", () => {
  it("answers 403 for a write without a principal, and stores nothing", async () => {
    const doc = withInvalidRegex();
    doc.routes[1]!.host = "payments.my-company.io";
    const before = await prisma.revision.count();
    await expect(
      prisma.$transaction((tx) =>
        createRevision(tx, {
          document: doc,
          message: "system",
          actor: null,
          override: { reason: "because the system says so" },
        }),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await prisma.revision.count()).toBe(before);
  });
});

describe("rollback runs the analyzer", () => {
  it("refuses to roll back to a revision with errors the newest does not have, unless overridden", async () => {
    const fixed = await post(engineer.id, { document: clean, message: "fix the regex" });
    expect(fixed.status).toBe(201);
    const withRegex = await prisma.revision.findFirstOrThrow({
      where: { message: "add a regex" },
      select: { number: true },
    });
    const headers = await sessionHeaders(engineer.id);
    const params = { number: String(withRegex.number) };
    const refused = await callRoute("POST", "/api/revisions/[number]/rollback", {
      headers,
      params,
      body: { reason: "back", force: true },
    });
    expect(refused.status).toBe(422);
    const accepted = await callRoute("POST", "/api/revisions/[number]/rollback", {
      headers,
      params,
      body: { reason: "back", force: true, override: { reason: "the fix broke checkout; regex is patched" } },
    });
    expect(accepted.status).toBe(201);
  });
});
