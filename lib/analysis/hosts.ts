import { invalidHostReason } from "@/lib/validations/names";

export { invalidHostReason };

/** Strips Istio's `namespace/` prefix from a Gateway server host. */
export function bareHost(host: string): string {
  const slash = host.indexOf("/");
  return slash === -1 ? host : host.slice(slash + 1);
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
