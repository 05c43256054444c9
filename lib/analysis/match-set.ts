import type { HttpRule, RouteMatch, StringMatch } from "@/lib/topology";
import {
  boxOf,
  boxesIntersect,
  dimEmpty,
  partition,
  PartitionBudgetError,
  regionOfBox,
  type Box,
} from "./request-space";
import { languageCovers, languageIsAll, languagesIntersect, UndecidableRegexError } from "./string-language";

/**
 * Exact reasoning about Istio HTTP matches: prefixes, exact values and RE2 regexes are decided as
 * languages (regexes as automata), so `covers`, `overlaps` and shadowing are answers, not guesses.
 * Where a regex uses a feature that cannot be decided, each function gives the answer that raises
 * no false alarm in the analyzer: `covers` no, `overlaps` yes.
 */

function decided<T>(fallback: T, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UndecidableRegexError || e instanceof PartitionBudgetError) return fallback;
    throw e;
  }
}

/** Header semantics: every value `b` admits (absent = any value or none), `a` admits too. */
export function stringCovers(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false; // `b` admits a missing header, which no match admits
  return decided(false, () => languageCovers(a, b, "value"));
}

/** Path variant: every request path starts with `/`, so prefix `/` admits every path. */
export function pathCovers(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a === undefined) return true;
  return decided(false, () => (b === undefined ? languageIsAll(a, "path") : languageCovers(a, b, "path")));
}

/** Some header value is admitted by both. */
export function stringOverlaps(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return decided(true, () => languagesIntersect(a, b, "value"));
}

function boxEmpty(box: Box): boolean {
  return box.some(([dim, m]) => dimEmpty(dim, [{ match: m, not: false }]));
}

/** Every request matched by `b` is matched by `a`. */
export function matchCovers(a: RouteMatch, b: RouteMatch): boolean {
  return decided(false, () => {
    if (boxEmpty(boxOf(b))) return true;
    if (a.method !== undefined && a.method !== b.method) return false;
    if (!pathCovers(a.path, b.path)) return false;
    for (const [name, am] of Object.entries(a.headers ?? {})) {
      if (!stringCovers(am, b.headers?.[name])) return false;
    }
    return true;
  });
}

/** Some request is matched by both. */
export function matchOverlaps(a: RouteMatch, b: RouteMatch): boolean {
  return decided(true, () => boxesIntersect(boxOf(a), boxOf(b)));
}

const MATCH_ALL: RouteMatch = {};

/** A rule's matches; none means it matches everything. */
export function ruleMatches(rule: HttpRule): RouteMatch[] {
  return rule.match.length ? rule.match : [MATCH_ALL];
}

/**
 * The earlier rule that makes `later` unreachable (first match wins), or undefined when some
 * request reaches it. Decided exactly over the union of the earlier rules, not one by one; when
 * several rules shadow it together, the first of them that takes part is named.
 */
export function ruleShadowedBy(later: HttpRule, earlier: readonly HttpRule[]): HttpRule | undefined {
  for (const e of earlier) {
    const em = ruleMatches(e);
    if (ruleMatches(later).every((lm) => em.some((m) => matchCovers(m, lm)))) return e;
  }
  if (earlier.length === 0) return undefined;
  return decided(undefined, () => {
    const items = earlier.flatMap((r, i) => ruleMatches(r).map((m) => ({ box: boxOf(m), value: i })));
    let first = Infinity;
    for (const lm of ruleMatches(later)) {
      const box = boxOf(lm);
      if (boxEmpty(box)) continue;
      let reached = false;
      partition(
        [items],
        (leaf) => {
          const hit = leaf.resolved[0];
          if (hit === undefined) reached = true;
          else first = Math.min(first, hit);
        },
        20_000,
        regionOfBox(box),
      );
      if (reached) return undefined;
    }
    return first === Infinity ? earlier[0] : earlier[first];
  });
}

export function rulesOverlap(a: HttpRule, b: HttpRule): boolean {
  return ruleMatches(a).some((x) => ruleMatches(b).some((y) => matchOverlaps(x, y)));
}
