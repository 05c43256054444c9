// Keeps the one way of fetching data true (ARCHITECTURE.md, "Data fetching"): server pages read
// through lib getters, client components through the key factory and apiFetch, one URL under one
// key, no key the code never uses. Each failure names the file and line to change.
import { describe, expect, it } from "vitest";
import { queryKeys } from "@/lib/query/keys";
import {
  factoryFamilies,
  inlinePrisma,
  keyedFetches,
  keysOutsideFactory,
  keyUrlClashes,
  rawFetch,
  readSources,
  unusedFamilies,
  type Source,
} from "./helpers/data-fetching-rules";

const root = process.cwd();
const pages = readSources(root, ["app"], (f) => f.endsWith("/page.tsx"));
// What runs in the browser or renders for it: components and pages (route handlers are server code).
const clientSide = readSources(
  root,
  ["components", "app"],
  (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("app/api/"),
);

// Pages that still query Prisma inline, each until its read moves into a lib getter. The list only
// shrinks: a page that no longer needs its place here fails the test too.
const READS_NOT_YET_IN_LIB = ["app/(dashboard)/topology/page.tsx"];

describe("the repository keeps the rules", () => {
  it("found the pages and components it checks", () => {
    expect(pages.map((p) => p.file)).toContain("app/(dashboard)/clusters/page.tsx");
    expect(clientSide.map((c) => c.file)).toContain("components/clusters/cluster-detail.tsx");
  });

  it("server pages read through lib getters, not Prisma", () => {
    const offending = pages.filter((p) => !READS_NOT_YET_IN_LIB.includes(p.file)).flatMap(inlinePrisma);
    expect(offending).toEqual([]);
    const settled = READS_NOT_YET_IN_LIB.filter((file) => {
      const page = pages.find((p) => p.file === file);
      return !page || inlinePrisma(page).length === 0;
    });
    expect(settled, "reads through lib now: remove from READS_NOT_YET_IN_LIB").toEqual([]);
  });

  it("the browser fetches only through apiFetch", () => {
    expect(clientSide.flatMap(rawFetch)).toEqual([]);
  });

  it("every query key comes from the key factory", () => {
    expect(clientSide.flatMap(keysOutsideFactory)).toEqual([]);
  });

  it("one URL is cached under one key, and one key fetches one URL", () => {
    const fetches = clientSide.flatMap(keyedFetches);
    // The queries the cluster page and the apply progress share.
    expect(fetches).toContainEqual({
      file: "components/clusters/cluster-sync-queries.ts",
      key: "clusters.inventory",
      url: "/api/clusters/*/inventory",
    });
    expect(keyUrlClashes(fetches)).toEqual([]);
  });

  it("every key of the factory is used", () => {
    const families = factoryFamilies(queryKeys);
    expect(families).toContain("clusters.inventory");
    expect(unusedFamilies(families, clientSide)).toEqual([]);
  });
});

describe("the checks catch what breaks the rules", () => {
  const source = (file: string, text: string): Source => ({ file, text });

  it("Prisma in a page, by call and by import", () => {
    const page = source(
      "app/x/page.tsx",
      `import { prisma } from "@/lib/db/client";\nexport default async function P() { return prisma.team.count(); }`,
    );
    expect(inlinePrisma(page)).toEqual([
      expect.stringMatching(/^app\/x\/page\.tsx:1 imports the Prisma client/),
      expect.stringMatching(/^app\/x\/page\.tsx:2 queries Prisma inline \(prisma\.team\)/),
    ]);
    expect(
      inlinePrisma(
        source("app/y/page.tsx", `import type { Tx } from "@/lib/db/client";\nconst n = listTeams();`),
      ),
    ).toEqual([]);
  });

  it("a raw fetch, also through window", () => {
    const c = source(
      "components/a.tsx",
      `const a = fetch("/api/x");\nconst b = window.fetch("/api/y");\nconst c = apiFetch("/api/z");`,
    );
    expect(rawFetch(c)).toEqual([
      expect.stringMatching(/^components\/a\.tsx:1 calls fetch directly/),
      expect.stringMatching(/^components\/a\.tsx:2 calls fetch directly/),
    ]);
  });

  it("a key built by hand, even from a factory key", () => {
    const c = source(
      "components/b.tsx",
      `useQuery({ queryKey: ["clusters", name], queryFn });\nuseQuery({ queryKey: [...queryKeys.clusters.inventory(n), 1], queryFn });\nuseQuery({ queryKey: queryKeys.clusters.runs(n), queryFn });`,
    );
    expect(keysOutsideFactory(c)).toEqual([
      expect.stringMatching(/^components\/b\.tsx:1 builds its query key \(\["clusters", name\]\)/),
      expect.stringMatching(/^components\/b\.tsx:2 builds its query key/),
    ]);
  });

  it("one URL under two keys, and one key over two URLs", () => {
    const a = source(
      "components/a.tsx",
      "useQuery({ queryKey: queryKeys.clusters.inventory(n), queryFn: () => apiFetch<X>(`/api/clusters/${n}/inventory`) });",
    );
    const b = source(
      "components/b.tsx",
      "useQueries({ queries: cs.map((c) => ({ queryKey: [...queryKeys.clusters.runs(c), rev], queryFn: () => apiFetch(`/api/clusters/${encodeURIComponent(c)}/inventory?x=1`) })) });",
    );
    const c = source(
      "components/c.tsx",
      `useQuery({ queryKey: queryKeys.clusters.runs(n), queryFn: () => apiFetch("/api/sync/runs?limit=10") });`,
    );
    const fetches = [a, b, c].flatMap(keyedFetches);
    expect(fetches).toEqual([
      { file: "components/a.tsx", key: "clusters.inventory", url: "/api/clusters/*/inventory" },
      { file: "components/b.tsx", key: "clusters.runs", url: "/api/clusters/*/inventory" },
      { file: "components/c.tsx", key: "clusters.runs", url: "/api/sync/runs" },
    ]);
    expect(keyUrlClashes(fetches)).toEqual([
      "/api/clusters/*/inventory is cached under several keys: clusters.inventory (components/a.tsx) and clusters.runs (components/b.tsx)",
      "queryKeys.clusters.runs fetches several URLs: /api/clusters/*/inventory (components/b.tsx) and /api/sync/runs (components/c.tsx)",
    ]);
  });

  it("a key of the factory nobody uses", () => {
    const factory = { a: { all: ["a"], list: () => ["a", "list"], one: (id: string) => ["a", id] } };
    expect(factoryFamilies(factory)).toEqual(["a.all", "a.list", "a.one"]);
    const uses = source(
      "components/u.tsx",
      "invalidate({ queryKey: queryKeys.a.all }); useQuery({ queryKey: queryKeys.a.one(id) });",
    );
    expect(unusedFamilies(factoryFamilies(factory), [uses])).toEqual(["a.list"]);
  });
});
