// A flat before/after comparison of two JSON values, one row per leaf path. Pure.
export type DiffRow = {
  path: string;
  before?: string;
  after?: string;
  change: "added" | "removed" | "changed" | "same";
};

function flatten(value: unknown, prefix: string, out: Map<string, string>) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(prefix || "(root)", "{}");
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix || "(root)", "[]");
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== undefined) {
    out.set(prefix || "(root)", JSON.stringify(value));
  }
}

export function jsonDiff(before: unknown, after: unknown): DiffRow[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  if (before !== null) flatten(before, "", a);
  if (after !== null) flatten(after, "", b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path) => {
    const x = a.get(path);
    const y = b.get(path);
    const change = x === undefined ? "added" : y === undefined ? "removed" : x === y ? "same" : "changed";
    return { path, before: x, after: y, change };
  });
}
