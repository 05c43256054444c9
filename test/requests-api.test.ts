// The governance flow through the real route handlers: a team lead requests a gateway, a platform
// engineer sends it back, the lead resubmits, approvals follow the approval rules and the final one
// creates the revision in the same transaction; the request turns applied when its cluster observed it.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createTeam, createUser, sessionHeaders } from "./helpers/auth-fixtures";

let lead: { id: string };
let otherLead: { id: string };
let pe1: { id: string };
let pe2: { id: string };
let admin: { id: string };
let auditor: { id: string };
let teamSlug: string;

const payload = () => ({
  product: "ledger",
  team: teamSlug,
  namespace: "ledger",
  hosts: ["ledger.my-company.io"],
  clusters: ["east"],
  tlsSecret: "ledger-tls",
  routes: [{ pathPrefix: "/v1/ledger", service: "ledger", port: 8080 }],
  reason: "New product",
});

async function as(userId: string) {
  return { headers: await sessionHeaders(userId) };
}

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  await prisma.$transaction((tx) =>
    createRevision(tx, { document: loadExample("01-payments-gateway"), message: "base", actor: null }),
  );
  const team = await createTeam("ledger", ["ledger"]);
  teamSlug = team.slug;
  const other = await createTeam("payments", ["payments"]);
  lead = await createUser([{ role: "team_lead", teamId: team.id }]);
  otherLead = await createUser([{ role: "team_lead", teamId: other.id }]);
  pe1 = await createUser([{ role: "platform_engineer" }]);
  pe2 = await createUser([{ role: "platform_engineer" }]);
  admin = await createUser([{ role: "admin" }]);
  auditor = await createUser([{ role: "auditor" }]);
}, 120_000);

afterAll(async () => {
  await prisma.$disconnect();
  await dropOwnDatabase();
});

describe("gateway requests", () => {
  let id: string;

  it("validates the request with field paths", async () => {
    const res = await callRoute("POST", "/api/requests", {
      ...(await as(lead.id)),
      body: { ...payload(), hosts: ["Not A Host"] },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details.issues).toEqual([expect.objectContaining({ path: "hosts[0]" })]);
  });

  it("refuses a team lead requesting for another team's product", async () => {
    const res = await callRoute("POST", "/api/requests", { ...(await as(otherLead.id)), body: payload() });
    expect(res.status).toBe(403);
    const res2 = await callRoute("POST", "/api/requests", {
      ...(await as(otherLead.id)),
      body: { ...payload(), team: "payments" },
    });
    expect(res2.status).toBe(403);
  });

  it("submits a request and records it in the audit log", async () => {
    const res = await callRoute("POST", "/api/requests", { ...(await as(lead.id)), body: payload() });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ status: "submitted", product: "ledger", team: teamSlug });
    id = created.id;
    expect(await prisma.auditEvent.count({ where: { targetId: id, action: "request.submit" } })).toBe(1);
  });

  it("hides the request from other teams' leads and shows it to auditors", async () => {
    expect(
      (await callRoute("GET", "/api/requests/[id]", { ...(await as(otherLead.id)), params: { id } })).status,
    ).toBe(404);
    const list = await (await callRoute("GET", "/api/requests", await as(otherLead.id))).json();
    expect(list.requests.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(
      (await callRoute("GET", "/api/requests/[id]", { ...(await as(auditor.id)), params: { id } })).status,
    ).toBe(200);
  });

  it("previews rendered objects per cluster, findings and blast radius", async () => {
    const res = await callRoute("GET", "/api/requests/[id]/preview", {
      ...(await as(pe1.id)),
      params: { id },
    });
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview.valid).toBe(true);
    expect(preview.clusters[0].cluster).toBe("east");
    expect(preview.clusters[0].objects.map((o: { kind: string }) => o.kind)).toEqual(
      expect.arrayContaining(["Gateway", "VirtualService"]),
    );
    expect(Array.isArray(preview.findings)).toBe(true);
    // Each rule that fired says once what it checks (the review groups its findings under it).
    expect(Object.keys(preview.rules).sort()).toEqual(
      [...new Set(preview.findings.map((f: { code: string }) => f.code))].sort(),
    );
    for (const description of Object.values(preview.rules)) expect(description).toMatch(/\w{3,}/);
    expect(preview.blastRadius.existingHosts).toEqual([]);
  });

  it("goes back to the requester, who edits and resubmits", async () => {
    const sentBack = await callRoute("POST", "/api/requests/[id]/reviews", {
      ...(await as(pe1.id)),
      params: { id },
      body: { decision: "request-changes", comment: "Use /v2/ledger" },
    });
    expect(sentBack.status).toBe(201);
    expect((await sentBack.json()).status).toBe("changes-requested");
    // A comment is required to send a request back.
    expect(
      (
        await callRoute("POST", "/api/requests/[id]/reviews", {
          ...(await as(pe1.id)),
          params: { id },
          body: { decision: "reject" },
        })
      ).status,
    ).toBe(400);
    const edited = await callRoute("PUT", "/api/requests/[id]", {
      ...(await as(lead.id)),
      params: { id },
      body: { ...payload(), routes: [{ pathPrefix: "/v2/ledger", service: "ledger", port: 8080 }] },
    });
    expect(edited.status).toBe(200);
    expect((await edited.json()).status).toBe("submitted");
  });

  it("needs a second approver for production clusters and never counts the requester", async () => {
    await prisma.cluster.create({
      data: {
        name: "east",
        server: "https://10.255.0.9:6443",
        production: true,
        credentials: "v1:x:x:x:x",
        credentialsKeyId: "x",
      },
    });
    const rule = await callRoute("POST", "/api/settings/approval-rules", {
      ...(await as(admin.id)),
      body: {
        name: "production needs two",
        productionOnly: true,
        requiredApprovals: 2,
        forbidSelfApproval: true,
      },
    });
    expect(rule.status).toBe(201);
    expect(await prisma.auditEvent.count({ where: { action: "settings.approval-rule.create" } })).toBe(1);
    // Platform engineers may read but not change the rules.
    expect(
      (
        await callRoute("POST", "/api/settings/approval-rules", {
          ...(await as(pe1.id)),
          body: { name: "x", requiredApprovals: 1 },
        })
      ).status,
    ).toBe(403);

    const first = await callRoute("POST", "/api/requests/[id]/reviews", {
      ...(await as(pe1.id)),
      params: { id },
      body: { decision: "approve" },
    });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      status: "submitted",
      revision: null,
      approvals: { required: 2, approvers: 1 },
    });
    const again = await callRoute("POST", "/api/requests/[id]/reviews", {
      ...(await as(pe1.id)),
      params: { id },
      body: { decision: "approve" },
    });
    expect(again.status).toBe(403);
  });

  it("refuses self-approval", async () => {
    const own = await createUser([{ role: "platform_engineer" }]);
    const team = await prisma.team.findUniqueOrThrow({ where: { slug: teamSlug } });
    const res = await callRoute("POST", "/api/requests", {
      ...(await as(own.id)),
      body: {
        ...payload(),
        product: "ledger-two",
        hosts: ["ledger-two.my-company.io"],
        namespace: "ledger-two",
      },
    });
    expect(res.status).toBe(201);
    const rid = (await res.json()).id;
    const self = await callRoute("POST", "/api/requests/[id]/reviews", {
      ...(await as(own.id)),
      params: { id: rid },
      body: { decision: "approve" },
    });
    expect(self.status).toBe(403);
    expect((await self.json()).error.message).toMatch(/someone else/);
    expect(team.id).toBeTruthy();
  });

  it("turns the final approval into a revision in the same transaction, then applied once observed", async () => {
    const before = await prisma.revision.count();
    const res = await callRoute("POST", "/api/requests/[id]/reviews", {
      ...(await as(pe2.id)),
      params: { id },
      body: { decision: "approve", comment: "ok" },
    });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const body = JSON.parse(text);
    expect(body.status).toBe("approved");
    expect(await prisma.revision.count()).toBe(before + 1);
    const request = await prisma.gatewayRequest.findUniqueOrThrow({
      where: { id },
      include: { revision: true },
    });
    expect(request.revision?.number).toBe(body.revision.number);
    const doc = request.revision!.document as {
      gateways: { name: string }[];
      routes: { host: string; http: { match: { path: { prefix: string } }[] }[] }[];
    };
    expect(doc.gateways.map((g) => g.name)).toContain("ledger-gateway");
    expect(doc.routes.find((r) => r.host === "ledger.my-company.io")?.http[0]?.match[0]?.path.prefix).toBe(
      "/v2/ledger",
    );
    const actions = (
      await prisma.auditEvent.findMany({
        where: { OR: [{ targetId: id }, { targetId: request.revisionId }] },
        orderBy: { id: "asc" },
      })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "request.submit",
        "request.review.request-changes",
        "request.resubmit",
        "request.review.approve",
        "revision.create",
        "request.approved",
      ]),
    );

    let detail = await (
      await callRoute("GET", "/api/requests/[id]", { ...(await as(lead.id)), params: { id } })
    ).json();
    expect(detail.status).toBe("approved");
    expect(detail.sync.status).toBe("waiting");

    await prisma.cluster.update({
      where: { name: "east" },
      data: { observedRevisionId: request.revisionId },
    });
    detail = await (
      await callRoute("GET", "/api/requests/[id]", { ...(await as(lead.id)), params: { id } })
    ).json();
    expect(detail.status).toBe("applied");
    expect(detail.timeline.map((t: { action: string }) => t.action)).toContain("request.applied");
  });

  it("cannot withdraw a decided request", async () => {
    const res = await callRoute("POST", "/api/requests/[id]/withdraw", {
      ...(await as(lead.id)),
      params: { id },
    });
    expect(res.status).toBe(409);
  });
});
