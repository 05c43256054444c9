// What an apply would take away from an object: fields and list items the object holds before and
// no longer after. Used before Portico takes over an object it did not create, so a rule the topology
// does not hold (one an import left out) is never dropped silently.
import { sortKeys } from "@/lib/topology";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A match condition as the topology renders it: `name` and case flags dropped, header names lowercased. */
function canonicalMatch(match: unknown): string {
  if (!Array.isArray(match)) return JSON.stringify(sortKeys(match ?? null));
  return JSON.stringify(
    match.map((m) => {
      if (!isObj(m)) return m;
      const { name: _name, ignoreUriCase: _case, headers, ...rest } = m;
      const lower = isObj(headers)
        ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
        : undefined;
      return sortKeys({ ...rest, ...(lower ? { headers: lower } : {}) });
    }),
  );
}

/** How a person names a list item: by its name, its match (a route rule), its port, or its value. */
function describeItem(item: unknown): string {
  if (!isObj(item)) return JSON.stringify(item);
  if (typeof item.name === "string") return `"${item.name}"`;
  if ("match" in item) return `matching ${canonicalMatch(item.match)}`;
  if (isObj(item.port)) return `on port ${JSON.stringify(item.port.number ?? item.port)}`;
  return JSON.stringify(sortKeys(item));
}

/** Whether a list item is named by something other than its value: a name, a match or a port. */
function hasIdentity(item: unknown): boolean {
  return isObj(item) && (typeof item.name === "string" || "match" in item || isObj(item.port));
}

/** The item of `after` that stands for `item`: same name, else the same match, else equal. */
function counterpart(item: unknown, after: readonly unknown[]): unknown {
  if (isObj(item)) {
    if (typeof item.name === "string") {
      const byName = after.find((a) => isObj(a) && a.name === item.name);
      if (byName !== undefined) return byName;
    }
    if ("match" in item) {
      const m = canonicalMatch(item.match);
      const byMatch = after.find((a) => isObj(a) && "match" in a && canonicalMatch(a.match) === m);
      if (byMatch !== undefined) return byMatch;
    }
    if (isObj(item.port)) {
      const p = JSON.stringify(item.port.number);
      const byPort = after.find((a) => isObj(a) && isObj(a.port) && JSON.stringify(a.port.number) === p);
      if (byPort !== undefined) return byPort;
    }
  }
  const v = JSON.stringify(sortKeys(item));
  return after.find((a) => JSON.stringify(sortKeys(a)) === v);
}

/**
 * Human-readable list of what `before` holds and `after` lacks, e.g.
 * `spec.http: rule "legacy-status"` or `spec.tcp`. Values that merely change are not listed (a diff
 * shows them); only content that would be gone.
 */
export function removedContent(before: unknown, after: unknown, path = ""): string[] {
  if (Array.isArray(before)) {
    const rest = Array.isArray(after) ? after : [];
    return before.flatMap((item, i) => {
      // An item with nothing that names it (a weighted destination) that changed in place is a
      // change, not a removal: `ingest` rendered as `ingest.analytics-ingest.svc.cluster.local`.
      const other =
        counterpart(item, rest) ?? (!hasIdentity(item) && !hasIdentity(rest[i]) ? rest[i] : undefined);
      if (other === undefined)
        return [`${path}: ${path.endsWith("http") ? "rule" : "item"} ${describeItem(item)}`];
      return isObj(item) ? removedContent(item, other, `${path}[${describeItem(item)}]`) : [];
    });
  }
  if (!isObj(before)) return [];
  const a = isObj(after) ? after : {};
  return Object.entries(before).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    if (!(k in a)) return [p];
    return removedContent(v, a[k], p);
  });
}
