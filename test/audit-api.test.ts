// The auditor's view of the log: server-side filters, keyset pages, one event with redacted
// before/after, and the streamed CSV/JSON export of the filtered set.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { csvCell } from "@/lib/audit/export-audit";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";

const product = `audit-${randomUUID().slice(0, 8)}`;
let auditor: { id: string };
let pe: { id: string };

beforeAll(async () => {
  auditor = await createUser([{ role: "auditor" }]);
  pe = await createUser([{ role: "platform_engineer" }]);
  for (let i = 0; i < 5; i++) {
    await recordAudit(prisma, {
      actor: { email: `actor-${i % 2}@${product}.test`, role: "platform-engineer" },
      action: i % 2 ? "request.submit" : "cluster.update",
      targetType: "test",
      productSlug: product,
      clusterName: i % 2 ? null : "east",
      before: { replicas: i, token: "secret-before" },
      after: { replicas: i + 1, credentials: "secret-after", note: i === 4 ? '=HYPERLINK("x")' : "ok" },
    });
  }
});

async function get(path: string, query: Record<string, string>, userId = auditor.id) {
  return callRoute("GET", path, { headers: await sessionHeaders(userId), query });
}

describe("GET /api/audit", () => {
  it("filters by product, action prefix, actor and cluster", async () => {
    const all = await (await get("/api/audit", { product })).json();
    expect(all.events).toHaveLength(5);
    const requests = await (await get("/api/audit", { product, action: "request." })).json();
    expect(requests.events.map((e: { action: string }) => e.action)).toEqual([
      "request.submit",
      "request.submit",
    ]);
    const actor = await (await get("/api/audit", { product, actor: `ACTOR-0@${product}.test` })).json();
    expect(actor.events).toHaveLength(3);
    const cluster = await (await get("/api/audit", { product, cluster: "east" })).json();
    expect(cluster.events).toHaveLength(3);
    const future = await (await get("/api/audit", { product, from: "2999-01-01" })).json();
    expect(future.events).toHaveLength(0);
  });

  it("pages by id, newest first, without overlap", async () => {
    const first = await (await get("/api/audit", { product, limit: "2" })).json();
    expect(first.events).toHaveLength(2);
    const second = await (await get("/api/audit", { product, limit: "2", before: first.nextBefore })).json();
    const third = await (await get("/api/audit", { product, limit: "2", before: second.nextBefore })).json();
    const ids = [...first.events, ...second.events, ...third.events].map((e: { id: string }) => Number(e.id));
    expect(ids).toHaveLength(5);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(third.nextBefore).toBeNull();
  });

  it("refuses an invalid date with a clear message", async () => {
    const res = await get("/api/audit", { from: "yesterday" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.issues[0].message).toMatch(/ISO date/);
  });

  it("shows one event with secrets redacted", async () => {
    const { events } = await (await get("/api/audit", { product, limit: "1" })).json();
    const missing = await callRoute("GET", "/api/audit/[id]", {
      headers: await sessionHeaders(auditor.id),
      params: { id: "999999999999" },
    });
    expect(missing.status).toBe(404);
    const garbage = await callRoute("GET", "/api/audit/[id]", {
      headers: await sessionHeaders(auditor.id),
      params: { id: "abc" },
    });
    expect(garbage.status).toBe(400);
    const one = await (
      await callRoute("GET", "/api/audit/[id]", {
        headers: await sessionHeaders(auditor.id),
        params: { id: events[0].id },
      })
    ).json();
    expect(one.before).toEqual({ replicas: 4, token: "[redacted]" });
    expect(one.after.credentials).toBe("[redacted]");
  });
});

describe("GET /api/audit/export", () => {
  it("streams the filtered set as CSV, quoted and safe for spreadsheets", async () => {
    const res = await get("/api/audit/export", { product, format: "csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="portico-audit-.*\.csv"/);
    const text = await res.text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,at,actorEmail,actorRole,action,targetType,targetId,productSlug,clusterName,requestId,before,after",
    );
    expect(lines).toHaveLength(6);
    expect(text).not.toContain("secret-before");
    expect(text).not.toContain("secret-after");
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });

  it("streams JSON and records the export itself", async () => {
    const res = await get("/api/audit/export", { product, format: "json", action: "cluster.update" });
    const events = JSON.parse(await res.text());
    expect(events).toHaveLength(3);
    expect(
      await prisma.auditEvent.count({ where: { action: "audit.export", actorId: auditor.id } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("is for auditors and admins only", async () => {
    expect((await get("/api/audit/export", { product }, pe.id)).status).toBe(403);
  });

  it("exports a large set in batches", async () => {
    const big = `big-${randomUUID().slice(0, 8)}`;
    await prisma.auditEvent.createMany({
      data: Array.from({ length: 2500 }, (_, i) => ({
        action: "test.bulk",
        targetType: "test",
        productSlug: big,
        targetId: String(i),
      })),
    });
    const res = await get("/api/audit/export", { product: big, format: "csv" });
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2501);
  });
});
