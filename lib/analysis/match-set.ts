import type { HttpRule, RouteMatch, StringMatch } from "@/lib/topology";

/**
 * Symbolic reasoning about Istio HTTP matches. Regexes are only compared for equality (and `.*`),
 * so answers are conservative: `covers` may say no when a regex happens to cover, `overlaps` may
 * say yes when two regexes are in fact disjoint.
 */

function isMatchAll(m: StringMatch | undefined): boolean {
  return m === undefined || m.prefix === "" || m.prefix === "/" || m.regex === ".*" || m.regex === "/.*";
}

/** Every value `b` admits is admitted by `a`. */
export function stringCovers(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a === undefined || a.regex === ".*") return true;
  if (a.prefix !== undefined && a.prefix === "") return true;
  if (b === undefined) return isMatchAll(a) && a.prefix !== "/";
  if (a.prefix !== undefined) {
    if (b.prefix !== undefined) return b.prefix.startsWith(a.prefix);
    if (b.exact !== undefined) return b.exact.startsWith(a.prefix);
    return false;
  }
  if (a.exact !== undefined) return b.exact === a.exact;
  return b.regex !== undefined && b.regex === a.regex;
}

/** Path variant: every request path starts with `/`, so prefix `/` admits every path. */
export function pathCovers(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a?.prefix === "/" || a?.regex === "/.*") return true;
  return stringCovers(a, b);
}

/** Some value is admitted by both. */
export function stringOverlaps(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (a.regex !== undefined || b.regex !== undefined) return true;
  if (a.exact !== undefined && b.exact !== undefined) return a.exact === b.exact;
  if (a.exact !== undefined) return a.exact.startsWith(b.prefix ?? "");
  if (b.exact !== undefined) return b.exact.startsWith(a.prefix ?? "");
  const p = a.prefix ?? "";
  const q = b.prefix ?? "";
  return p.startsWith(q) || q.startsWith(p);
}

/** Every request matched by `b` is matched by `a`. */
export function matchCovers(a: RouteMatch, b: RouteMatch): boolean {
  if (a.method !== undefined && a.method !== b.method) return false;
  if (!pathCovers(a.path, b.path)) return false;
  for (const [name, am] of Object.entries(a.headers ?? {})) {
    const bm = b.headers?.[name];
    if (bm === undefined || !stringCovers(am, bm)) return false;
  }
  return true;
}

/** Some request is matched by both. */
export function matchOverlaps(a: RouteMatch, b: RouteMatch): boolean {
  if (a.method !== undefined && b.method !== undefined && a.method !== b.method) return false;
  if (!stringOverlaps(a.path, b.path)) return false;
  for (const [name, am] of Object.entries(a.headers ?? {})) {
    const bm = b.headers?.[name];
    if (bm !== undefined && !stringOverlaps(am, bm)) return false;
  }
  return true;
}

const MATCH_ALL: RouteMatch = {};

/** A rule's matches; none means it matches everything. */
export function ruleMatches(rule: HttpRule): RouteMatch[] {
  return rule.match.length ? rule.match : [MATCH_ALL];
}

/** Every request `later` matches was already taken by one of the `earlier` rules' single matches. */
export function ruleShadowedBy(later: HttpRule, earlier: readonly HttpRule[]): HttpRule | undefined {
  for (const e of earlier) {
    const em = ruleMatches(e);
    if (ruleMatches(later).every((lm) => em.some((m) => matchCovers(m, lm)))) return e;
  }
  // Covered piecewise by several earlier rules.
  const all = earlier.flatMap(ruleMatches);
  if (earlier.length > 0 && ruleMatches(later).every((lm) => all.some((m) => matchCovers(m, lm))))
    return earlier[0];
  return undefined;
}

export function rulesOverlap(a: HttpRule, b: HttpRule): boolean {
  return ruleMatches(a).some((x) => ruleMatches(b).some((y) => matchOverlaps(x, y)));
}
