import { RE2JS } from "re2js";
import { MESH, type Route, type StringMatch, type Topology } from "@/lib/topology";
import { hostMatches } from "@/lib/analysis/hosts";
import { callClassId, type CallClass } from "./call-class";
import { contractCallClasses } from "./contract-calls";
import { parseAccessLog, type AccessLogReport } from "./parse-access-log";

export interface RequestSetReport {
  /** Call classes from the API contract. */
  contract: number;
  /** Call classes the access log added (not already in the contract). */
  fromAccessLog: number;
  /** The access log's parse report, when one was given. */
  accessLog?: AccessLogReport & {
    /** Calls for hosts of other products (a shared gateway's log holds every product's). */
    otherHosts: number;
    /** ingress-nginx calls whose path none of the product's routes matches, so no host is known. */
    unattributed: number;
  };
  /** Call classes left out to stay within `maxCallClasses`. */
  dropped: number;
  notes: string[];
}

export interface RequestSet {
  calls: CallClass[];
  report: RequestSetReport;
}

function stringMatches(m: StringMatch, value: string): boolean {
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  try {
    return RE2JS.compile(m.regex ?? "").testExact(value);
  } catch {
    return false;
  }
}

/** The first gateway-bound route of the product that routes `method path`, for logs without hosts. */
function routeFor(routes: Route[], method: string, path: string): Route | undefined {
  return routes.find((r) =>
    r.http.some(
      (rule) =>
        rule.match.length === 0 ||
        rule.match.some(
          (m) =>
            (m.method === undefined || m.method === method) &&
            (m.path === undefined || stringMatches(m.path, path)) &&
            Object.keys(m.headers ?? {}).length === 0,
        ),
    ),
  );
}

/**
 * The calls a probe sends for a product: its contract's call classes first, then the calls an
 * uploaded access log shows for the product's hosts (most frequent first), deduplicated, at most
 * `maxCallClasses` in all.
 */
export function buildRequestSet(
  topology: Topology,
  product: string,
  options: { accessLog?: string; maxCallClasses?: number } = {},
): RequestSet {
  const max = options.maxCallClasses ?? 2_000;
  const contract = contractCallClasses(topology, product);
  const calls = new Map(contract.calls.map((c) => [c.id, c]));
  const report: RequestSetReport = {
    contract: calls.size,
    fromAccessLog: 0,
    dropped: 0,
    notes: [...contract.notes],
  };
  if (options.accessLog !== undefined) {
    const { samples, report: parsed } = parseAccessLog(options.accessLog);
    const hosts = topology.products.find((p) => p.name === product)?.hosts ?? [];
    const routes = topology.routes.filter((r) => r.product === product && r.gateways.some((g) => g !== MESH));
    const owned = (h: string) =>
      hosts.some((p) => hostMatches(p, h)) || routes.some((r) => hostMatches(r.host, h));
    let otherHosts = 0;
    let unattributed = 0;
    for (const s of [...samples].sort((a, b) => b.count - a.count)) {
      let host = s.host;
      if (host === undefined) {
        const route = routeFor(routes, s.method, s.path);
        if (!route || route.host.startsWith("*")) {
          unattributed += s.count;
          continue;
        }
        host = route.host;
      } else if (!owned(host)) {
        otherHosts += s.count;
        continue;
      }
      const id = callClassId(s.method, host, s.path);
      const known = calls.get(id);
      if (known) {
        known.seen = (known.seen ?? 0) + s.count;
        continue;
      }
      calls.set(id, {
        id,
        method: s.method,
        host,
        path: s.path,
        headers: {},
        source: "access-log",
        seen: s.count,
      });
      report.fromAccessLog++;
    }
    report.accessLog = { ...parsed, otherHosts, unattributed };
  }
  const all = [...calls.values()];
  report.dropped = Math.max(0, all.length - max);
  if (report.dropped)
    report.notes.push(
      `${report.dropped} call class(es) beyond the limit of ${max} were not probed (the least frequent)`,
    );
  return { calls: all.slice(0, max), report };
}
