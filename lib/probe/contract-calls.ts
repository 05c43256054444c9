import { MESH, type StringMatch, type Topology } from "@/lib/topology";
import { callClassId, type CallClass } from "./call-class";
import { regexWitness } from "./regex-witness";

export interface ContractCalls {
  calls: CallClass[];
  /** Matches no concrete request could be made for (a regex without a witness), said plainly. */
  notes: string[];
}

/** A concrete value the match accepts: the exact value, the prefix itself, or a regex witness. */
function concrete(m: StringMatch, fallback: string): string | undefined {
  if (m.exact !== undefined) return m.exact;
  if (m.prefix !== undefined) return m.prefix === "" ? fallback : m.prefix;
  return regexWitness(m.regex ?? "");
}

/**
 * The product's API as requests a client would send through a gateway: one call per match of every
 * rule of the product's gateway-bound routes (a prefix gives the prefix, an exact match its value, a
 * regex a witness string; headers as the match asks for them). Mesh-only routes are left out: no
 * external client reaches them through either gateway.
 */
export function contractCallClasses(topology: Topology, product: string): ContractCalls {
  const calls = new Map<string, CallClass>();
  const notes: string[] = [];
  for (const route of topology.routes) {
    if (route.product !== product || !route.gateways.some((g) => g !== MESH)) continue;
    // Note: a wildcard host needs a concrete name for SNI and Host; any label under it will do.
    const host = route.host.startsWith("*.") ? `probe${route.host.slice(1)}` : route.host;
    route.http.forEach((rule, ruleIndex) => {
      const label = `${route.name}/${rule.name ?? `rule-${ruleIndex + 1}`}`;
      for (const match of rule.match.length ? rule.match : [{}]) {
        const path = match.path ? concrete(match.path, "/") : "/";
        if (path === undefined) {
          notes.push(
            `${label}: no request found that matches the path regex ${match.path?.regex}; not probed`,
          );
          continue;
        }
        const headers: Record<string, string> = {};
        let missing: string | undefined;
        for (const [name, hm] of Object.entries(match.headers ?? {})) {
          const value = concrete(hm, "probe");
          if (value === undefined) missing = name;
          else headers[name] = value;
        }
        if (missing) {
          notes.push(`${label}: no value found for header ${missing} that matches its regex; not probed`);
          continue;
        }
        const method = match.method ?? "GET";
        const id = callClassId(method, host, path, headers);
        if (!calls.has(id))
          calls.set(id, { id, method, host, path, headers, source: "contract", rule: label });
      }
    });
  }
  return { calls: [...calls.values()], notes };
}
