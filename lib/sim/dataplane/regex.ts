// Regular expressions with Envoy's semantics. Envoy compiles every `safe_regex` with Google RE2, so
// routers use re2js (a pure JS port of RE2) rather than JS RegExp: no backreferences, no lookaround,
// linear time, and a pattern JS accepts but RE2 rejects must not match here either.
import { RE2JS } from "re2js";

// Compiled patterns by source text; `null` remembers a pattern RE2 refused so it is not recompiled.
const cache = new Map<string, RE2JS | null>();
// Routing configs are small; the bound only protects a long-running simulator from unbounded growth.
const CACHE_LIMIT = 10_000;

/** The compiled pattern, or undefined when RE2 rejects it (e.g. `(a)\1` or `(?=x)`). */
export function compileRe2(pattern: string): RE2JS | undefined {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit ?? undefined;
  let compiled: RE2JS | null;
  try {
    compiled = RE2JS.compile(pattern);
  } catch {
    compiled = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled ?? undefined;
}

/**
 * Whether the whole input matches, as Envoy's RE2 matchers do (they are anchored at both ends).
 * Note: a pattern RE2 cannot compile never matches. Envoy would reject such a config outright; a
 * simulator that keeps serving must still not pretend the route matches.
 */
export function re2FullMatch(pattern: string, input: string): boolean {
  return compileRe2(pattern)?.testExact(input) ?? false;
}

/**
 * Replaces every non-overlapping match of `pattern` in `input` with `rewrite`, where `\0`..`\9`
 * name capture groups and `\\` is a backslash (RE2::GlobalReplace, which Envoy's regex_rewrite
 * uses). Returns undefined when the pattern or the rewrite is not valid RE2.
 */
export function re2ReplaceAll(pattern: string, input: string, rewrite: string): string | undefined {
  const re = compileRe2(pattern);
  if (!re) return undefined;
  const pieces = parseRewrite(rewrite, re.groupCount());
  if (!pieces) return undefined;
  const m = re.matcher(input);
  let out = "";
  let copied = 0;
  let lastEnd = -1;
  let from = 0;
  while (from <= input.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    // As in RE2 and Go, an empty match right where the previous match ended is not a new match.
    if (start === end && start === lastEnd) {
      from = start + 1;
      continue;
    }
    out += input.slice(copied, start);
    for (const piece of pieces) out += typeof piece === "string" ? piece : (m.group(piece) ?? "");
    copied = end;
    lastEnd = end;
    from = end > start ? end : end + 1;
  }
  return out + input.slice(copied);
}

// A rewrite as literal text and group numbers; undefined when RE2::CheckRewriteString would refuse it.
function parseRewrite(rewrite: string, groups: number): (string | number)[] | undefined {
  const pieces: (string | number)[] = [];
  let text = "";
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i]!;
    if (c !== "\\") {
      text += c;
      continue;
    }
    const next = rewrite[i + 1];
    i++;
    if (next === "\\") {
      text += "\\";
    } else if (next !== undefined && next >= "0" && next <= "9" && Number(next) <= groups) {
      if (text) pieces.push(text);
      text = "";
      pieces.push(Number(next));
    } else {
      return undefined;
    }
  }
  if (text) pieces.push(text);
  return pieces;
}
