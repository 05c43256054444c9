// Host names as Istio and Envoy compare them: Istio's `host.Name` (wildcards, subsets,
// intersections, short names) and Envoy's choice of the most specific domain for a request.

/** The simulated clusters' DNS domain (Istio's `meta.Domain`, Kubernetes' cluster domain). */
export const CLUSTER_DOMAIN = "cluster.local";

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isWildcard(h: string): boolean {
  return h.startsWith("*");
}

/**
 * Istio's ResolveShortnameToFQDN: a name without a dot is a Service in `namespace`; anything with
 * a dot is taken as fully qualified. Note: "payments.payments" therefore stays as written, exactly
 * as Istio keeps it (and then finds no such host), which is why Istio's docs recommend FQDNs.
 */
export function resolveShortname(hostname: string, namespace: string): string {
  const h = hostname.toLowerCase();
  if (h === "" || h === "*" || IPV4.test(h) || h.includes(":") || h.includes(".")) return h;
  return `${h}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** Istio's Name.Matches: the two names (either may be a wildcard) have some host in common. */
export function hostMatches(a: string, b: string): boolean {
  if (isWildcard(a)) {
    if (isWildcard(b))
      return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
    return b.endsWith(a.slice(1));
  }
  if (isWildcard(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio's Name.SubsetOf: every host `a` names is also named by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  if (isWildcard(a)) return isWildcard(b) && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (isWildcard(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio's Names.Intersection: for each overlapping pair, the more specific of the two names. */
export function hostIntersection(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const x of a) {
    for (const y of b) {
      const hit = hostSubsetOf(x, y) ? x : hostSubsetOf(y, x) ? y : undefined;
      if (hit !== undefined && !out.includes(hit)) out.push(hit);
    }
  }
  return out;
}

/**
 * Envoy's choice of a virtual host domain (or a filter chain server name) for a concrete host:
 * an exact domain first, then the longest matching "*.suffix", then "*". A wildcard must stand
 * for at least one character, so "*.example.com" does not match "example.com".
 */
export function mostSpecificDomain(domains: Iterable<string>, hostname: string): string | undefined {
  let best: string | undefined;
  for (const d of domains) {
    if (d === hostname) return d;
    if (d === "*") {
      best ??= d;
      continue;
    }
    if (!isWildcard(d)) continue;
    const suffix = d.slice(1);
    if (hostname.length > suffix.length && hostname.endsWith(suffix)) {
      if (best === undefined || best === "*" || d.length > best.length) best = d;
    }
  }
  return best;
}

/** A Gateway server host "ns/host": `namespace` is "*" when any namespace's VirtualServices may bind. */
export interface ServerHost {
  namespace: string;
  host: string;
}

/** Parses a server host; "./host" means the Gateway's own namespace, a bare host any namespace. */
export function parseServerHost(raw: string, gatewayNamespace: string): ServerHost {
  const slash = raw.indexOf("/");
  if (slash < 0) return { namespace: "*", host: raw.toLowerCase() };
  const ns = raw.slice(0, slash);
  return { namespace: ns === "." ? gatewayNamespace : ns, host: raw.slice(slash + 1).toLowerCase() };
}

/** Istio's NamesForNamespace: the server hosts a VirtualService in `namespace` may bind to. */
export function serverHostsForNamespace(hosts: ServerHost[], namespace: string): string[] {
  return hosts.filter((h) => h.namespace === "*" || h.namespace === namespace).map((h) => h.host);
}
