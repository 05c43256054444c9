import { destinationNamespace, serviceHost, serviceKey } from "@/lib/topology";
import { routeObject, type AnalysisContext, type RouteInfo } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC041",
  name: "GatewayRouteBypassesMeshSubsets",
  severity: "warning",
  description:
    "A gateway route sends to a service without a subset while a mesh route splits that service by subsets: the split does not apply to requests entering through the gateway (Istio IST0140).",
};

/** The service (`namespace/name`) a route's host names, if it names one of the model. */
function hostService(ctx: AnalysisContext, info: RouteInfo): string | undefined {
  const host = info.route.host;
  const parts = host.split(".");
  const [name = "", namespace = info.namespace] = parts;
  const key = serviceKey(namespace, name);
  const svc = ctx.index.services.get(key);
  if (!svc) return undefined;
  const forms = [serviceHost(svc.name, svc.namespace), `${svc.name}.${svc.namespace}`];
  if (svc.namespace === info.namespace) forms.push(svc.name);
  return forms.includes(host) ? key : undefined;
}

/**
 * A VirtualService bound to `mesh` for a service's own host (e.g. version routing of `ratings` to
 * subset v1) applies to sidecars calling that host. A gateway forwards straight to the service's
 * endpoints, so a gateway route without a subset reaches every version, whatever the mesh route
 * says (istioctl analyze: virtualservice_route_rule_no_effects_ingress.yaml).
 */
export const gatewayRouteBypassesMeshSubsets: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const meshSplits = new Map<string, RouteInfo[]>();
    for (const info of ctx.routes) {
      if (!info.binding.mesh) continue;
      const key = hostService(ctx, info);
      if (!key) continue;
      const splits = info.route.http.some((r) =>
        r.destinations.some(
          (d) => d.subset && serviceKey(destinationNamespace(d, info.route, ctx.index), d.service) === key,
        ),
      );
      if (splits) meshSplits.set(key, [...(meshSplits.get(key) ?? []), info]);
    }
    const out: Finding[] = [];
    if (meshSplits.size === 0) return out;
    for (const info of ctx.routes) {
      if (info.binding.gateways.length === 0) continue;
      const reported = new Set<string>();
      for (const rule of info.route.http) {
        for (const d of rule.destinations) {
          if (d.subset) continue;
          const key = serviceKey(destinationNamespace(d, info.route, ctx.index), d.service);
          const mesh = (meshSplits.get(key) ?? []).filter((m) => m !== info);
          if (mesh.length === 0 || reported.has(key)) continue;
          reported.add(key);
          const gateways = info.binding.gateways.map((g) => `${g.namespace}/${g.name}`).join(", ");
          out.push(
            finding(
              meta,
              `Route ${info.namespace}/${info.route.name} sends requests from gateway ${gateways} to ${key} without a subset; the subsets of mesh route ${mesh.map((m) => `${m.namespace}/${m.route.name}`).join(", ")} do not apply to them.`,
              [routeObject(info), ...mesh.map((m) => routeObject(m))],
              "Name the subset (or the same weighted split) in the gateway route's destinations as well.",
            ),
          );
        }
      }
    }
    return out;
  },
};
