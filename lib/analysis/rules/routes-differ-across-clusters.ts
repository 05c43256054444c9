import { hostMatches } from "../hosts";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC014",
  name: "ProductRoutesDifferAcrossClusters",
  severity: "warning",
  description:
    "A product's gateway serves a host in several clusters, but the routes for it differ between clusters without a declared reason.",
};

export const routesDifferAcrossClusters: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    // (product, host) -> cluster -> route names rendered there.
    const served = new Map<string, Map<string, Set<string>>>();
    const key = (product: string, host: string) => `${product}|${host}`;
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product" || !gw.product || gw.placement.length < 2) continue;
      for (const l of gw.listeners) {
        for (const h of l.hosts) {
          const m = served.get(key(gw.product, h)) ?? new Map<string, Set<string>>();
          for (const p of gw.placement) if (!m.has(p.cluster)) m.set(p.cluster, new Set());
          served.set(key(gw.product, h), m);
        }
      }
    }
    if (served.size === 0) return out;
    const wildcards = new Map<string, Array<[string, Map<string, Set<string>>]>>();
    for (const [k, v] of served) {
      const [p = "", h = ""] = k.split("|");
      if (h.includes("*")) wildcards.set(p, [...(wildcards.get(p) ?? []), [h, v]]);
    }
    for (const info of ctx.routes) {
      if (info.route.clusterSpecific) continue;
      let m = served.get(key(info.route.product, info.route.host));
      if (!m) m = wildcards.get(info.route.product)?.find(([h]) => hostMatches(h, info.route.host))?.[1];
      if (!m) continue;
      for (const c of info.clusters) m.get(c)?.add(`${info.namespace}/${info.route.name}`);
    }
    for (const [k, byCluster] of served) {
      const [product = "", host = ""] = k.split("|");
      const prints = new Map<string, string[]>();
      for (const [cluster, names] of byCluster) {
        const print = [...names].sort().join(",");
        prints.set(print, [...(prints.get(print) ?? []), cluster]);
      }
      if (prints.size < 2) continue;
      const detail = [...prints].map(([p, cs]) => `${cs.sort().join("+")}: ${p || "no routes"}`).join("; ");
      out.push(
        finding(
          meta,
          `Product ${product} serves ${host} differently per cluster (${detail}); clients would see a different API depending on where they land.`,
          [...byCluster]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .flatMap(([cluster, names]) =>
              names.size
                ? [...names].sort().map((ref) => {
                    const [namespace = "", name = ""] = ref.split("/");
                    return { cluster, kind: "VirtualService", namespace, name, product };
                  })
                : [{ cluster, kind: "VirtualService", name: `(no route for ${host})`, product }],
            ),
          "Render the same routes in every cluster of the product, or set clusterSpecific on the route with the reason.",
        ),
      );
    }
    return out;
  },
};
