const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Strips Istio's `namespace/` prefix from a Gateway server host. */
export function bareHost(host: string): string {
  const slash = host.indexOf("/");
  return slash === -1 ? host : host.slice(slash + 1);
}

/**
 * Why a host is not a valid DNS name for Istio, or undefined when it is. `*` alone and a leading
 * `*.` are the only wildcards Istio accepts.
 */
export function invalidHostReason(host: string): string | undefined {
  if (host === "*") return undefined;
  const name = host.startsWith("*.") ? host.slice(2) : host;
  if (name.includes("*")) return "a wildcard is only allowed as the whole first label (`*.example.com`)";
  if (name.length === 0 || name.length > 253) return "a host name must be 1 to 253 characters";
  if (name.endsWith(".")) return "remove the trailing dot";
  if (name !== name.toLowerCase()) return "host names are lower case";
  for (const label of name.split(".")) {
    if (label.length > 63) return `label "${label}" is longer than 63 characters`;
    if (!LABEL.test(label))
      return `label "${label}" must be letters, digits and '-', not starting or ending with '-'`;
  }
  return undefined;
}

/** Does a gateway host (possibly wildcard) admit a route host (possibly wildcard)? */
export function hostMatches(gatewayHost: string, routeHost: string): boolean {
  const g = bareHost(gatewayHost);
  if (g === "*") return true;
  if (g === routeHost) return true;
  if (g.startsWith("*.")) {
    const suffix = g.slice(1);
    if (routeHost.startsWith("*.")) return routeHost.slice(1).endsWith(suffix);
    return routeHost.endsWith(suffix);
  }
  if (routeHost.startsWith("*.")) return g.endsWith(routeHost.slice(1));
  return false;
}
