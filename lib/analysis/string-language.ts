import { DFA, JS, NFA, isDisjointWith } from "refa";
import type { StringMatch } from "@/lib/topology";

/**
 * Exact decisions on the sets of strings Istio matches admit (exact, prefix, RE2 regex), so that
 * overlap, shadowing and the contract check never sample. Literal-only questions are answered
 * directly; anything involving a regex goes through finite automata (refa).
 *
 * Note: values are decided over printable ASCII (0x20–0x7E), the alphabet of request paths and
 * header values on the wire; on it RE2's and JavaScript's `.` and classes agree.
 */

/** What a value ranges over: a request path starts with `/`; a header may be any string. */
export type Domain = "path" | "value";

/** One condition on a value: the match admits it (`not` false) or does not (`not` true). */
export interface Constraint {
  match: StringMatch;
  not: boolean;
}

/** A regex Portico cannot turn into an automaton (a feature outside what RE2 and JS share). */
export class UndecidableRegexError extends Error {
  constructor(
    readonly regex: string,
    why: string,
  ) {
    super(`regex ${JSON.stringify(regex)} cannot be decided: ${why}`);
  }
}

const MIN_CHAR = 0x20;
const MAX_CHAR = 0x7e;
const MAX_CHARACTER = 0xffff;
const ALPHABET_SIZE = MAX_CHAR - MIN_CHAR + 1;

function inAlphabet(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < MIN_CHAR || c > MAX_CHAR) return false;
  }
  return true;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`);
}

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/**
 * RE2 syntax as a JavaScript pattern with the same language under full-match semantics (Envoy
 * matches the whole value). Throws `UndecidableRegexError` for what has no exact equivalent.
 */
export function re2ToJs(regex: string): { source: string; flags: string } {
  let src = regex;
  let flags = "";
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes("i")) flags = "i";
    src = src.slice(lead[0].length);
  }
  if (/\(\?[=!]|\(\?<[=!]/.test(src)) throw new UndecidableRegexError(regex, "lookarounds are not RE2");
  if (/\\[1-9]/.test(src)) throw new UndecidableRegexError(regex, "backreferences are not RE2");
  if (/\\[pPC]|\\x\{|\(\?[imsU-]/.test(src))
    throw new UndecidableRegexError(regex, "Unicode classes, \\C, \\x{…} and inner flags are not supported");
  src = src.replace(/\\Q(.*?)(\\E|$)/g, (_, lit: string) => escapeRegex(lit));
  src = src.replace(/\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/g, "(?:");
  src = src.replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
    const set = POSIX[name];
    if (!set || neg) throw new UndecidableRegexError(regex, `POSIX class ${whole} is not supported`);
    return set;
  });
  // Anchors at the ends are no-ops under full match; anywhere else they would need assertions.
  src = src.replace(/^(\^|\\A)+/, "");
  src = src.replace(/(?<!\\)(\$|\\z)$/, "");
  if (/(?<!\\)(\\\\)*(\^|\$)/.test(src.replace(/\[[^\]]*\]/g, "")))
    throw new UndecidableRegexError(regex, "anchors inside the pattern are not supported");
  return { source: src, flags };
}

const dfaCache = new Map<string, DFA>();

function dfaOf(source: string, flags: string, regex = source): DFA {
  const key = `${flags}/${source}`;
  const hit = dfaCache.get(key);
  if (hit) return hit;
  let dfa: DFA;
  try {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags }).parse();
    dfa = DFA.fromFA(NFA.fromRegex(expression, { maxCharacter }));
  } catch (e) {
    if (e instanceof UndecidableRegexError) throw e;
    throw new UndecidableRegexError(regex, (e as Error).message);
  }
  dfa.minimize();
  if (dfaCache.size > 10_000) dfaCache.clear();
  if (dfa.maxCharacter !== MAX_CHARACTER) throw new UndecidableRegexError(regex, "unexpected alphabet");
  dfaCache.set(key, dfa);
  return dfa;
}

const complementCache = new WeakMap<DFA, DFA>();

function complementOf(dfa: DFA): DFA {
  let c = complementCache.get(dfa);
  if (!c) {
    c = dfa.copy();
    c.complement();
    complementCache.set(dfa, c);
  }
  return c;
}

function matchDfa(m: StringMatch): DFA {
  if (m.exact !== undefined) return dfaOf(escapeRegex(m.exact), "");
  if (m.prefix !== undefined) return dfaOf(`${escapeRegex(m.prefix)}[^]*`, "");
  const { source, flags } = re2ToJs(m.regex ?? "");
  return dfaOf(source, flags, m.regex ?? "");
}

function domainDfa(domain: Domain): DFA {
  return domain === "path" ? dfaOf("\\/[\\x20-\\x7e]*", "") : dfaOf("[\\x20-\\x7e]*", "");
}

/** Literal-only emptiness: a witness exists unless the literals rule every string out. */
function literalEmpty(cs: readonly Constraint[], domain: Domain): boolean | undefined {
  const exacts: string[] = [];
  const prefixes: string[] = domain === "path" ? ["/"] : [];
  const notExacts: string[] = [];
  const notPrefixes: string[] = [];
  for (const c of cs) {
    const m = c.match;
    if (m.exact !== undefined) (c.not ? notExacts : exacts).push(m.exact);
    else if (m.prefix !== undefined) (c.not ? notPrefixes : prefixes).push(m.prefix);
    else return undefined;
  }
  if (exacts.length) {
    const s = exacts[0]!;
    const admitted =
      !notExacts.includes(s) &&
      !notPrefixes.some((p) => s.startsWith(p)) &&
      prefixes.every((p) => s.startsWith(p));
    return !(inAlphabet(s) && exacts.every((e) => e === s) && admitted);
  }
  let longest = "";
  for (const p of prefixes) if (p.length > longest.length) longest = p;
  if (!inAlphabet(longest) || !prefixes.every((p) => longest.startsWith(p))) return true;
  if (notPrefixes.some((q) => longest.startsWith(q))) return true;
  if (!notExacts.includes(longest)) return false;
  // Some next character starts no excluded literal once fewer literals than characters exist.
  if (notExacts.length + notPrefixes.length < ALPHABET_SIZE) return false;
  return undefined;
}

const emptyCache = new Map<string, boolean>();

function key(m: StringMatch): string {
  return m.exact !== undefined
    ? `e${m.exact}`
    : m.prefix !== undefined
      ? `p${m.prefix}`
      : `r${m.regex ?? ""}`;
}

/** Does no value of the domain satisfy every constraint? */
export function constraintsEmpty(cs: readonly Constraint[], domain: Domain): boolean {
  const fast = literalEmpty(cs, domain);
  if (fast !== undefined) return fast;
  const k = `${domain}\u0000${cs.map((c) => `${c.not ? "!" : ""}${key(c.match)}`).join("\u0000")}`;
  const hit = emptyCache.get(k);
  if (hit !== undefined) return hit;
  let dfa = domainDfa(domain);
  // Positive constraints first: they shrink the product automaton the fastest.
  const ordered = [...cs].sort((a, b) => Number(a.not) - Number(b.not));
  let empty = false;
  for (const c of ordered) {
    const m = matchDfa(c.match);
    dfa = DFA.fromIntersection(dfa, c.not ? complementOf(m) : m);
    if (dfa.isEmpty) {
      empty = true;
      break;
    }
    dfa.minimize();
  }
  // Bounded so a long-running server does not grow without limit on ever new documents.
  if (emptyCache.size > 100_000) emptyCache.clear();
  emptyCache.set(k, empty);
  return empty;
}

/** Some value admitted by both. */
export function languagesIntersect(a: StringMatch, b: StringMatch, domain: Domain): boolean {
  return !constraintsEmpty(
    [
      { match: a, not: false },
      { match: b, not: false },
    ],
    domain,
  );
}

/** Every value `b` admits, `a` admits too. */
export function languageCovers(a: StringMatch, b: StringMatch, domain: Domain): boolean {
  return constraintsEmpty(
    [
      { match: b, not: false },
      { match: a, not: true },
    ],
    domain,
  );
}

/** `a` admits every value of the domain. */
export function languageIsAll(a: StringMatch, domain: Domain): boolean {
  return constraintsEmpty([{ match: a, not: true }], domain);
}

// A region's conditions on one dimension grow one at a time as the request space is split; the
// automaton of each list is built from its parent's, so a check costs one product, not one per
// condition of the list.
const parents = new WeakMap<readonly Constraint[], readonly Constraint[]>();
const listDfas = new WeakMap<readonly Constraint[], DFA>();

/** `list` with one more condition, remembering where it came from. */
export function extendConstraints(list: readonly Constraint[], c: Constraint): Constraint[] {
  const next = [...list, c];
  parents.set(next, list);
  return next;
}

function constraintDfa(c: Constraint): DFA {
  const m = matchDfa(c.match);
  return c.not ? complementOf(m) : m;
}

function listDfa(list: readonly Constraint[], domain: Domain): DFA {
  if (list.length === 0) return domainDfa(domain);
  const hit = listDfas.get(list);
  if (hit) return hit;
  const parent = parents.get(list);
  const incremental = parent !== undefined && parent.length === list.length - 1;
  let dfa = incremental ? listDfa(parent, domain) : domainDfa(domain);
  for (const c of incremental ? list.slice(-1) : list) {
    dfa = DFA.fromIntersection(dfa, constraintDfa(c));
    dfa.minimize();
  }
  listDfas.set(list, dfa);
  return dfa;
}

export type Relation = "disjoint" | "inside" | "straddles";

/**
 * How the values a match admits relate to the values a list of conditions admits (never empty).
 * `absentAdmitted`: the list also admits "no value" (a header no condition requires), which no
 * match admits, so the list cannot lie inside the match.
 */
export function relate(
  list: readonly Constraint[],
  m: StringMatch,
  domain: Domain,
  absentAdmitted: boolean,
): Relation {
  const pos: Constraint = { match: m, not: false };
  const neg: Constraint = { match: m, not: true };
  const fastDisjoint = literalEmpty([...list, pos], domain);
  if (fastDisjoint !== undefined) {
    if (fastDisjoint) return "disjoint";
    if (absentAdmitted) return "straddles";
    return literalEmpty([...list, neg], domain) ? "inside" : "straddles";
  }
  const region = listDfa(list, domain);
  const dfa = matchDfa(m);
  if (isDisjointWith(region, dfa)) return "disjoint";
  if (absentAdmitted) return "straddles";
  return isDisjointWith(region, complementOf(dfa)) ? "inside" : "straddles";
}
