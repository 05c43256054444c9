import type { HttpRule, StringMatch } from "@/lib/topology";

/**
 * Symbolic request classes. For prefix and exact matches the classes are exact: two requests in
 * one class are treated identically by every match of the host, so checking one representative per
 * class proves the property for all requests. Regex matches are evaluated on the representatives
 * plus samples derived from each regex (its literal prefix); the result is flagged approximate.
 */

export const ANY_METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "CONNECT",
  "TRACE",
] as const;

/** A representative value and how to show the class it stands for. */
export interface ValueClass {
  /** Concrete value used for evaluation; undefined means "header absent". */
  value: string | undefined;
  /** Human form, e.g. `/v1/payments/…` for "anything else under /v1/payments". */
  display: string;
}

export interface RequestClass {
  path: ValueClass;
  method: string;
  /** Shown instead of the concrete method when the class is "any other method". */
  methodDisplay: string;
  headers: Record<string, ValueClass>;
}

/** A suffix no literal continues with, so `literal + fresh` falls under no longer literal. */
function freshSuffix(literals: string[]): string {
  let fresh = "\u0001";
  while (literals.some((l) => l.includes(fresh))) fresh += "\u0001";
  return fresh;
}

function literalPrefixOfRegex(re: string): string {
  let out = "";
  for (const ch of re.replace(/^\^/, "")) {
    if (/[\\.*+?()[\]{}|$^]/.test(ch)) break;
    out += ch;
  }
  return out;
}

/** Classes of a string value given the literals used by matches on it. */
export function valueClasses(matches: StringMatch[], opts: { path: boolean }): ValueClass[] {
  const literals = new Set<string>();
  let hasRegex = false;
  if (opts.path) literals.add("/");
  for (const m of matches) {
    if (m.exact !== undefined) literals.add(m.exact);
    if (m.prefix !== undefined) literals.add(m.prefix);
    if (m.regex !== undefined) {
      hasRegex = true;
      literals.add(literalPrefixOfRegex(m.regex));
    }
  }
  const lits = [...literals].sort();
  const fresh = freshSuffix(lits);
  const out: ValueClass[] = [];
  for (const l of lits) {
    out.push({ value: l, display: l });
    out.push({ value: l + fresh, display: `${l}…` });
  }
  if (hasRegex) {
    // A few concrete shapes often used in path regexes (ids, versions).
    for (const l of lits) for (const s of ["1", "a", "abc/1"]) out.push({ value: l + s, display: l + s });
  }
  if (!opts.path) out.push({ value: undefined, display: "(absent)" });
  const seen = new Set<string>();
  return out.filter((c) => {
    const k = String(c.value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function usesRegex(rules: HttpRule[]): boolean {
  return rules.some((r) =>
    r.match.some(
      (m) => m.path?.regex !== undefined || Object.values(m.headers ?? {}).some((h) => h.regex !== undefined),
    ),
  );
}

/** Every request class distinguishable by the given rules. */
export function requestClasses(rules: HttpRule[]): RequestClass[] {
  const paths: StringMatch[] = [];
  const methods = new Set<string>();
  const headers = new Map<string, StringMatch[]>();
  for (const r of rules) {
    for (const m of r.match) {
      if (m.path) paths.push(m.path);
      if (m.method) methods.add(m.method);
      for (const [name, hm] of Object.entries(m.headers ?? {}))
        headers.set(name, [...(headers.get(name) ?? []), hm]);
    }
  }
  const methodClasses: Array<{ method: string; display: string }> = [...methods]
    .sort()
    .map((m) => ({ method: m, display: m }));
  const other = ANY_METHODS.find((m) => !methods.has(m));
  if (other) {
    methodClasses.push({
      method: other,
      display: methods.size ? `any method except ${[...methods].sort().join(", ")}` : "any method",
    });
  }
  let headerCombos: Array<Record<string, ValueClass>> = [{}];
  for (const name of [...headers.keys()].sort()) {
    const classes = valueClasses(headers.get(name)!, { path: false });
    headerCombos = headerCombos.flatMap((combo) => classes.map((c) => ({ ...combo, [name]: c })));
  }
  const out: RequestClass[] = [];
  for (const path of valueClasses(paths, { path: true })) {
    for (const m of methodClasses) {
      for (const h of headerCombos)
        out.push({ path, method: m.method, methodDisplay: m.display, headers: h });
    }
  }
  return out;
}

function stringMatches(m: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  try {
    return new RegExp(`^(?:${m.regex ?? ""})$`).test(value);
  } catch {
    return false;
  }
}

/** First rule matching the request, as Istio evaluates a VirtualService. */
export function firstMatch(rules: HttpRule[], req: RequestClass): HttpRule | undefined {
  return rules.find(
    (r) =>
      r.match.length === 0 ||
      r.match.some(
        (m) =>
          (m.method === undefined || m.method === req.method) &&
          (m.path === undefined || stringMatches(m.path, req.path.value)) &&
          Object.entries(m.headers ?? {}).every(([name, hm]) => stringMatches(hm, req.headers[name]?.value)),
      ),
  );
}
