import { routeObject, type AnalysisContext, type RouteInfo } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC034",
  name: "ConflictingMeshVirtualServiceHosts",
  severity: "error",
  description:
    "Two routes bound to `mesh` answer for one host to the same namespaces: sidecars keep an undefined one of them (Istio IST0109).",
};

/** Namespaces a route's VirtualService is visible to; `*` for all (Istio's default). */
function exportScopes(info: RouteInfo): string[] {
  const exportTo = info.route.exportTo;
  if (!exportTo || exportTo.length === 0 || exportTo.includes("*")) return ["*"];
  return [...new Set(exportTo.map((e) => (e === "." ? info.namespace : e)))];
}

/**
 * Sidecars build one route table per host: several mesh VirtualServices for a host are not merged
 * the way gateway ones are, so which one a client sees is undefined. A route visible to every
 * namespace conflicts with any other for its host; two routes exported to chosen namespaces
 * conflict only where they share one (like Istio's analyzer, IST0109).
 */
export const conflictingMeshVirtualServiceHosts: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    // cluster|host -> scope -> routes
    const byHost = new Map<string, Map<string, RouteInfo[]>>();
    for (const info of ctx.routes) {
      if (!info.binding.mesh) continue;
      for (const cluster of info.clusters) {
        const key = `${cluster}|${info.route.host}`;
        const scopes = byHost.get(key) ?? new Map<string, RouteInfo[]>();
        byHost.set(key, scopes);
        for (const scope of exportScopes(info)) scopes.set(scope, [...(scopes.get(scope) ?? []), info]);
      }
    }
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const [key, scopes] of byHost) {
      const [cluster = "", host = ""] = key.split("|");
      const everywhere = scopes.get("*") ?? [];
      for (const [scope, infos] of scopes) {
        const conflicting = [...new Set(scope === "*" ? infos : [...infos, ...everywhere])];
        if (conflicting.length < 2) continue;
        const names = conflicting.map((i) => `${i.namespace}/${i.route.name}`).sort();
        const dedupe = `${cluster}|${host}|${names.join(",")}`;
        if (reported.has(dedupe)) continue;
        reported.add(dedupe);
        out.push(
          finding(
            meta,
            `Routes ${names.join(", ")} are bound to mesh and all answer for ${host} in cluster ${cluster}${scope === "*" ? "" : ` (visible to namespace ${scope})`}; sidecars use an undefined one of them.`,
            conflicting.map((i) => routeObject(i, cluster)),
            "Merge them into one route for the host, or export each to namespaces the other is not exported to (exportTo).",
          ),
        );
      }
    }
    return out;
  },
};
