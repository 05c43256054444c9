// GET /api/export through the real route handler: formats, product and cluster selection, the
// download headers and team-lead scoping.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { callRoute, createTeam, createUser, sessionHeaders, uniqueSlug } from "./helpers/auth-fixtures";

// The reference scenario with names of its own, so rows other test files create never collide.
const suffix = uniqueSlug("x").slice(2);
const pay = `pay-${suffix}`;
const east = `east-${suffix}`;
const west = `west-${suffix}`;
const text = readFileSync("docs/examples/03-payments-west.yaml", "utf8")
  .replace(/\bpayments\b/g, pay)
  .replace(/\beast\b/g, east)
  .replace(/\bwest\b/g, west);
const document = parse(text) as unknown;

let revision = 0;
let admin: Record<string, string>;
let lead: Record<string, string>;

beforeAll(async () => {
  const rev = await prisma.$transaction((tx) =>
    createRevision(tx, { document, message: "export test", actor: null }),
  );
  revision = rev.number;
  admin = await sessionHeaders((await createUser([{ role: "admin" }])).id);
  const team = await createTeam(uniqueSlug("team"), [pay]);
  lead = await sessionHeaders((await createUser([{ role: "team_lead", teamId: team.id }])).id);
});

afterAll(() => prisma.$disconnect());

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
}

const get = (headers: Record<string, string>, query: Record<string, string>) =>
  callRoute("GET", "/api/export", { headers, query });

describe("GET /api/export", () => {
  it("downloads a product's Istio objects as one file per cluster in a .tar.gz, never one stream", async () => {
    const res = await get(admin, { format: "istio", product: pay, revision: String(revision) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="portico-r${revision}-${pay}-istio.tar.gz"`,
    );
    // The archive read back by the system's tar, an independent reader.
    const dir = mkdtempSync(join(tmpdir(), "portico-export-"));
    try {
      writeFileSync(join(dir, "export.tar.gz"), Buffer.from(await res.arrayBuffer()));
      execFileSync("tar", ["-xzf", "export.tar.gz"], { cwd: dir });
      const names = readdirSync(dir)
        .filter((n) => n.endsWith(".yaml"))
        .sort();
      expect(names).toEqual([east, west].sort().map((c) => `portico-r${revision}-${pay}-${c}-istio.yaml`));
      let total = 0;
      for (const name of names) {
        const cluster = name.includes(east) ? east : west;
        const body = readFileSync(join(dir, name), "utf8");
        expect(body).toContain(`# product: ${pay}; cluster: ${cluster}`);
        const docs = parseAllDocuments(body)
          .map((d) => d.toJSON() as Doc | null)
          .filter((d): d is Doc => d !== null);
        expect(docs.length).toBeGreaterThan(5);
        expect(docs.every((d) => d.metadata.labels["portico.dev/product"] === pay)).toBe(true);
        // One stream holds each object once: a repeated name would be one object to kubectl.
        const keys = docs.map(
          (d) => `${d.apiVersion}/${d.kind}/${d.metadata.namespace ?? ""}/${d.metadata.name}`,
        );
        expect(new Set(keys).size).toBe(keys.length);
        // The same file as asking for that cluster alone.
        const single = await get(admin, {
          format: "istio",
          product: pay,
          cluster,
          revision: String(revision),
        });
        expect(single.headers.get("content-type")).toMatch(/^application\/yaml/);
        expect(await single.text()).toBe(body);
        total += docs.length;
      }
      expect(Number(res.headers.get("x-portico-objects"))).toBe(total);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("renders Gateway API for one cluster with the not-expressible notes as comments on top", async () => {
    const res = await get(admin, { format: "gateway-api", cluster: west, revision: String(revision) });
    expect(res.status).toBe(200);
    const body = await res.text();
    const comments = body.split("\n").filter((l) => l.startsWith("#"));
    expect(comments.some((l) => /Not expressible in Gateway API \(\d+\)/.test(l))).toBe(true);
    expect(body).toContain(`# product: all; cluster: ${west}`);
    const kinds = parseAllDocuments(body).map((d) => (d.toJSON() as { kind?: string } | null)?.kind);
    expect(kinds).toContain("HTTPRoute");
    expect(kinds).not.toContain("VirtualService");
  });

  it("returns the topology document, or a product's slice of it", async () => {
    const whole = parse(
      await (await get(admin, { format: "topology", revision: String(revision) })).text(),
    ) as { products: { name: string }[] };
    expect(whole.products.map((p) => p.name).sort()).toEqual(["analytics", pay]);
    const slice = parse(
      await (await get(admin, { format: "topology", product: pay, revision: String(revision) })).text(),
    ) as {
      products: { name: string }[];
      routes: { product: string }[];
    };
    expect(slice.products.map((p) => p.name)).toEqual([pay]);
    expect(slice.routes.every((r) => r.product === pay)).toBe(true);
  });

  it("lets a team lead export their own products only; another team's product is missing to them", async () => {
    expect((await get(lead, { format: "istio", product: pay, revision: String(revision) })).status).toBe(200);
    const other = await get(lead, { format: "istio", product: "analytics", revision: String(revision) });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { message: string } }).error.message).not.toMatch(
      /analytics.my/,
    );
    const all = await get(lead, { format: "topology", revision: String(revision) });
    expect(all.status).toBe(200);
    const yaml = await all.text();
    expect(yaml).toContain(`name: ${pay}`);
    expect(yaml).not.toContain("analytics");
  });

  it("answers unknown revisions, products, clusters and formats with a message to act on", async () => {
    expect((await get(admin, { revision: "999999" })).status).toBe(404);
    const product = await get(admin, { product: "nope", revision: String(revision) });
    expect(product.status).toBe(404);
    expect(((await product.json()) as { error: { message: string } }).error.message).toContain(pay);
    expect((await get(admin, { cluster: "nope", revision: String(revision) })).status).toBe(404);
    const format = await get(admin, { format: "helm" });
    expect(format.status).toBe(400);
    expect(((await format.json()) as { error: { message: string } }).error.message).toContain(
      "istio, gateway-api, topology",
    );
  });

  it("refuses anonymous callers", async () => {
    expect((await get({}, { revision: String(revision) })).status).toBe(401);
  });
});
