import { gatewayRefString, type GatewaySpec } from "@/lib/topology";
import { bareHost, hostMatches } from "../hosts";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC022",
  name: "HostExposedWithoutRoute",
  severity: "warning",
  description:
    "A gateway accepts a host no route serves on it (404); during cutover this means the old gateway was unbound too early.",
};

export const hostWithoutRoute: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    // Wildcard route hosts per (cluster, gateway): few, so a scan per listener host is cheap.
    const wildcards = new Map<string, string[]>();
    for (const key of ctx.routesByGatewayHost.keys()) {
      const [cluster = "", gw = "", host = ""] = key.split("|");
      if (host.includes("*"))
        wildcards.set(`${cluster}|${gw}`, [...(wildcards.get(`${cluster}|${gw}`) ?? []), host]);
    }
    for (const [cluster, gateways] of ctx.gatewaysByCluster) {
      const productHosts = new Map<string, GatewaySpec>();
      for (const gw of gateways) {
        if (gw.mode === "product")
          for (const l of gw.listeners) for (const h of l.hosts) productHosts.set(bareHost(h), gw);
      }
      for (const gw of gateways) {
        const ref = gatewayRefString(gw);
        for (const l of gw.listeners) {
          for (const raw of l.hosts) {
            const host = bareHost(raw);
            if (host.includes("*")) continue;
            if (ctx.routesByGatewayHost.has(`${cluster}|${ref}|${host}`)) continue;
            if ((wildcards.get(`${cluster}|${ref}`) ?? []).some((w) => hostMatches(w, host))) continue;
            const successor = gw.mode === "shared" ? productHosts.get(host) : undefined;
            if (successor) {
              out.push(
                finding(
                  meta,
                  `Shared gateway ${ref} still accepts ${host} in cluster ${cluster}, but no route is bound to it any more: clients whose DNS still points at it get 404 before the switch to ${gatewayRefString(successor)}.`,
                  [gatewayObject(gw, cluster), gatewayObject(successor, cluster)],
                  "Keep the route bound to both gateways until DNS/the load balancer points at the product gateway, then remove the host from the shared gateway.",
                  "error",
                ),
              );
            } else {
              out.push(
                finding(
                  meta,
                  `Gateway ${ref} accepts ${host} in cluster ${cluster} but no route serves it there (404).`,
                  [gatewayObject(gw, cluster)],
                  `Bind a route for ${host} to ${ref} or remove the host from the listener.`,
                ),
              );
            }
          }
        }
      }
    }
    return out;
  },
};
