import type { HttpRule, Route, RouteMatch, StringMatch } from "@/lib/topology";
import {
  boxOf,
  boxesIntersect,
  partition,
  PartitionBudgetError,
  type Box,
  type MatchItem,
  type Region,
} from "@/lib/analysis/request-space";
import { extendConstraints, UndecidableRegexError, type Constraint } from "@/lib/analysis/string-language";
import { describeRegion } from "@/lib/analysis/contract/describe-region";

/**
 * Gateway API picks a rule by precedence, not by order: exact path > longest prefix > method >
 * most header matches > most query matches, then rule order (HTTPRouteRule.matches in the spec;
 * regular expressions rank below prefixes, Istio's choice, as `lib/sim/dataplane/gateway-api-route.ts`
 * routes). Istio's VirtualService takes the first rule that matches. This module decides, exactly
 * over the request space, whether the HTTPRoute rendered from a route routes every request to the
 * rule Istio would, and in which order its rules can be written.
 *
 * Note: Gateway API has no character prefix. `prefix: /v1/a` renders as `PathPrefix /v1/a`, which
 * matches `/v1/a` and `/v1/a/…` but not `/v1/ab`; `prefix: /v1/a/` also matches `/v1/a`. The
 * comparison covers every request except those paths (`gatewayApiPrefixGaps` names them, the
 * renderer notes them); on the rest both readings of every prefix agree.
 */

/** One match of a rendered rule, with its Gateway API precedence key (larger first). */
export interface PrecedenceEntry {
  rule: number;
  match: number;
  /** Path kind (Exact 3, PathPrefix 2, RegularExpression 1), path length, method, headers. */
  key: readonly number[];
  box: Box;
}

const PATH_RANK = { exact: 3, prefix: 2, regex: 1 } as const;

/** The key of a match as rendered; no path is Gateway API's default `PathPrefix /`. */
export function precedenceKey(m: RouteMatch): number[] {
  const p = m.path;
  const [rank, length] =
    p?.exact !== undefined
      ? [PATH_RANK.exact, p.exact.length]
      : p?.prefix !== undefined
        ? [PATH_RANK.prefix, p.prefix.length]
        : p?.regex !== undefined
          ? [PATH_RANK.regex, p.regex.length]
          : [PATH_RANK.prefix, 1];
  return [rank, length, m.method !== undefined ? 1 : 0, Object.keys(m.headers ?? {}).length];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

function matchesOf(rule: HttpRule): RouteMatch[] {
  return rule.match.length ? rule.match : [{}];
}

/** Matches in Istio's order: rule by rule, first match wins. */
export function istioEntries(route: Route): PrecedenceEntry[] {
  return route.http.flatMap((rule, r) =>
    matchesOf(rule).map((m, i) => ({ rule: r, match: i, key: precedenceKey(m), box: boxOf(m) })),
  );
}

/** The order Gateway API evaluates `entries` (of one route) in when the rules are written in `order`. */
export function gatewayApiEntries(
  entries: readonly PrecedenceEntry[],
  order: readonly number[],
): PrecedenceEntry[] {
  const position = new Map(order.map((r, i) => [r, i]));
  return [...entries].sort(
    (a, b) => compareKeys(a.key, b.key) || position.get(a.rule)! - position.get(b.rule)! || a.match - b.match,
  );
}

/** What a rule does with a request it takes; two rules with the same answer are interchangeable. */
function answerKey(rule: HttpRule): string {
  const { name: _n, match: _m, ...rest } = rule;
  return JSON.stringify(rest);
}

function escapeRe2(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Paths where a rendered `PathPrefix` and the Istio prefix it comes from disagree: `/v1/a` +
 * a character other than `/` (Istio matches, Gateway API does not), and `/v1/a` for a prefix
 * `/v1/a/` (Gateway API matches, Istio does not) unless the rule also matches it exactly.
 */
export function gatewayApiPrefixGaps(route: Route): StringMatch[] {
  const out = new Map<string, StringMatch>();
  for (const rule of route.http) {
    for (const m of rule.match) {
      const p = m.path?.prefix;
      if (p === undefined || p === "" || p === "/") continue;
      if (!p.endsWith("/")) {
        out.set(`r${p}`, { regex: `${escapeRe2(p)}[^/].*` });
        continue;
      }
      const bare = p.slice(0, -1);
      const sibling = rule.match.some(
        (o) =>
          o.path?.exact === bare &&
          o.method === m.method &&
          JSON.stringify(o.headers ?? {}) === JSON.stringify(m.headers ?? {}),
      );
      if (!sibling) out.set(`e${bare}`, { exact: bare });
    }
  }
  return [...out.values()];
}

function comparedRegion(route: Route): Region {
  let path: Constraint[] = [];
  for (const gap of gatewayApiPrefixGaps(route)) path = extendConstraints(path, { match: gap, not: true });
  return path.length ? new Map([["path", path]]) : new Map();
}

export type RuleOrder =
  | {
      kind: "same";
      /** Indices of `route.http` in the order the HTTPRoute lists its rules. */
      order: number[];
    }
  | {
      kind: "differs";
      /** The rule Istio picks (first match), or undefined when none matches. */
      istio?: number;
      /** The rule Gateway API's precedence picks, or undefined when none matches. */
      gatewayApi?: number;
      /** The requests concerned, in words (`GET /v1/a* with x-b=1`). */
      call: string;
    }
  | { kind: "undecided"; why: string };

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Regexes outside what RE2 and automata share cannot be compared: never said to route the same. */
function check(route: Route, order: readonly number[]): RuleOrder {
  try {
    return compareOrders(route, order);
  } catch (e) {
    if (e instanceof UndecidableRegexError || e instanceof PartitionBudgetError)
      return { kind: "undecided", why: e.message };
    throw e;
  }
}

function compareOrders(route: Route, order: readonly number[]): RuleOrder {
  const istio = istioEntries(route);
  const gw = gatewayApiEntries(istio, order);
  const answers = route.http.map(answerKey);
  // Only a pair of matches that the two orders rank differently can route a request differently;
  // when every such pair is disjoint (or answers alike), the first match is the same everywhere.
  const rankIn = new Map(gw.map((e, i) => [e, i]));
  let inverted = false;
  for (let i = 0; i < istio.length && !inverted; i++) {
    for (let j = i + 1; j < istio.length && !inverted; j++) {
      const a = istio[i]!;
      const b = istio[j]!;
      if (rankIn.get(a)! < rankIn.get(b)! || answers[a.rule] === answers[b.rule]) continue;
      inverted = boxesIntersect(a.box, b.box);
    }
  }
  if (!inverted) return { kind: "same", order: [...order] };
  const items = (entries: PrecedenceEntry[]): Array<MatchItem<number>> =>
    entries.map((e) => ({ box: e.box, value: e.rule }));
  let diff: RuleOrder | undefined;
  partition(
    [items(istio), items(gw)],
    (leaf) => {
      if (diff) return;
      const [a, b] = leaf.resolved;
      const same = a === b || (a !== undefined && b !== undefined && answers[a] === answers[b]);
      if (same) return;
      const d = describeRegion(leaf.region);
      const headers = Object.entries(d.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
      diff = {
        kind: "differs",
        ...(a !== undefined ? { istio: a } : {}),
        ...(b !== undefined ? { gatewayApi: b } : {}),
        call: `${d.method} ${d.path}${headers.length ? ` with ${headers.join(", ")}` : ""}`,
      };
    },
    20_000,
    comparedRegion(route),
  );
  return diff ?? { kind: "same", order: [...order] };
}

/**
 * How the HTTPRoute of `route` lists its rules: in Gateway API's precedence order when that routes
 * every request as Istio's first match does (so the object reads the way it is evaluated), else in
 * the route's own order when that does, else why it cannot (`differs`, `undecided`).
 */
export function gatewayApiRuleOrder(route: Route): RuleOrder {
  const own = identity(route.http.length);
  const best = new Map(
    route.http.map((rule, r) => [r, matchesOf(rule).map(precedenceKey).sort(compareKeys)[0]!]),
  );
  const sorted = [...own].sort((a, b) => compareKeys(best.get(a)!, best.get(b)!) || a - b);
  if (sorted.some((r, i) => r !== i)) {
    const r = check(route, sorted);
    if (r.kind === "same") return r;
  }
  return check(route, own);
}
