// Gateway API RegularExpression matches as Istio programs them: Envoy evaluates them with RE2,
// whose syntax and semantics differ from JavaScript's (no lookaround, no backreferences), so a
// pattern Istio would reject must not quietly match here.
import { RE2JS } from "re2js";

const compiled = new Map<string, RE2JS | null>();

/** True when `value` matches `pattern` in full (Envoy's safe_regex is a full match). */
export function gatewayApiRegexMatches(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      // Note: an invalid pattern never matches; Istio would refuse the route at the same place.
      re = null;
    }
    // Patterns come from stored objects; a cap keeps a long-running simulator from growing forever.
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re !== null && re.testExact(value);
}
