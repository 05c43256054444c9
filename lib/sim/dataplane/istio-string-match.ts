// Istio's StringMatch {exact | prefix | regex} as the Envoy matcher istiod translates it into.
import { type KObject } from "../json";
import { re2FullMatch } from "./regex";

/**
 * Whether istiod turns this StringMatch into a presence check (canBeConvertedToPresentMatch): an
 * empty match `{}` or the non-RE2 pattern "*" means "the header / query parameter is there".
 */
export function isPresenceMatch(m: KObject | null | undefined): boolean {
  if (!m) return true;
  if (typeof m.exact === "string" || typeof m.prefix === "string") return false;
  return typeof m.regex !== "string" || m.regex === "*";
}

/**
 * Whether `value` satisfies the StringMatch. Regexes are RE2, matched against the whole value as
 * Envoy does; `ignoreCase` applies to exact and prefix only (Envoy's case_sensitive ignores regexes).
 */
export function stringMatches(m: KObject, value: string, ignoreCase = false): boolean {
  if (typeof m.exact === "string") {
    return ignoreCase ? value.toLowerCase() === m.exact.toLowerCase() : value === m.exact;
  }
  if (typeof m.prefix === "string") {
    return ignoreCase ? value.toLowerCase().startsWith(m.prefix.toLowerCase()) : value.startsWith(m.prefix);
  }
  if (typeof m.regex === "string") return re2FullMatch(m.regex, value);
  return true;
}
