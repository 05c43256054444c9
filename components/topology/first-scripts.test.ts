// What the topology page's first scripts hold: everything topology-explorer.tsx imports for its
// values, followed through the repository, must stay clear of the topology document's code (schema,
// YAML, renderer, analyzer, graph builder). The graph comes from the server; only a comparison with a
// draft file needs that code, and loads it on demand (draft-comparison.ts, a dynamic import).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".") && !spec.startsWith("@/")) return undefined;
  const base = spec.startsWith("@/")
    ? path.join(ROOT, spec.slice(2))
    : path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base].find(
    (f) => existsSync(f) && f.match(/\.tsx?$/),
  );
}

/** Modules a file imports or re-exports for their values (not `import type`, not `import()`). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+"([^"]+)";/gms)) {
    const names = m[1]!.trim();
    const onlyTypes =
      names.startsWith("{") &&
      names
        .replace(/[{}\s]/g, "")
        .split(",")
        .filter(Boolean)
        .every((n) => n.startsWith("type"));
    if (!onlyTypes) out.push(m[2]!);
  }
  for (const m of source.matchAll(/^import\s+"([^"]+)";/gm)) out.push(m[1]!);
  return out;
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(file)) {
      const next = resolve(file, spec);
      if (next) todo.push(next);
    }
  }
  return new Set([...seen].map((f) => path.relative(ROOT, f)));
}

describe("the topology page's first scripts", () => {
  const files = reachable(path.join(ROOT, "components/topology/topology-explorer.tsx"));

  it("decode the server's graph and lay it out", () => {
    expect(files).toContain("lib/topology-graph/wire-graph.ts");
    expect(files).toContain("lib/topology-graph/visible-graph.ts");
    expect(files).toContain("components/topology/grid-layout.ts");
  });

  it("hold none of the topology document's code", () => {
    const heavy = [...files].filter(
      (f) =>
        /^lib\/(topology|istio|gateway-api|analysis)\//.test(f) ||
        f === "lib/topology-graph/graph-model.ts" ||
        f === "lib/topology-graph/index.ts" ||
        f === "components/topology/draft-comparison.ts",
    );
    expect(heavy).toEqual([]);
  });
});
