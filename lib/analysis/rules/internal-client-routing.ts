import { gatewayRefString, type GatewaySpec } from "@/lib/topology";
import { bareHost } from "../hosts";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC023",
  name: "InternalClientRouting",
  severity: "warning",
  description:
    "An internal client calls a host nothing in its cluster serves, or bypasses its product's gateway.",
};

const SVC_SUFFIX = ".svc.cluster.local";

export const internalClientRouting: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    if (ctx.topology.clients.length === 0) return out;
    // Hosts a product gateway publishes into the mesh (ServiceEntry), by host.
    const published = new Map<string, GatewaySpec[]>();
    const productGateway = new Set<string>();
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product") continue;
      if (gw.product) productGateway.add(gw.product);
      for (const l of gw.listeners)
        for (const h of l.hosts)
          if (!h.includes("*")) published.set(bareHost(h), [...(published.get(bareHost(h)) ?? []), gw]);
    }
    const meshHosts = new Set(ctx.routes.filter((r) => r.binding.mesh).map((r) => r.route.host));
    for (const client of ctx.topology.clients) {
      const obj = { kind: "Deployment", namespace: client.namespace, name: client.name };
      for (const host of client.calls) {
        if (host.endsWith(SVC_SUFFIX)) {
          const [name = "", ns = ""] = host.slice(0, -SVC_SUFFIX.length).split(".");
          const svc = ctx.index.services.get(`${ns}/${name}`);
          if (svc && productGateway.has(svc.product) && !meshHosts.has(host)) {
            out.push(
              finding(
                meta,
                `Client ${client.namespace}/${client.name} calls ${host} directly, bypassing the ${svc.product} gateway and its policies.`,
                [{ ...obj, product: svc.product }],
                `Call the product's public host through its gateway, or bind a mesh route for ${host} to the gateway.`,
                "info",
              ),
            );
          }
          for (const c of client.clusters) {
            if (svc && !svc.clusters.includes(c))
              out.push(
                finding(
                  meta,
                  `Client ${client.namespace}/${client.name} in cluster ${c} calls ${host}, which does not run there.`,
                  [{ ...obj, cluster: c }],
                  `Run ${ns}/${name} in ${c} or call the product gateway, which fails over across clusters.`,
                ),
              );
          }
          continue;
        }
        const gws = published.get(host);
        if (!gws && !meshHosts.has(host)) {
          out.push(
            finding(
              meta,
              `Client ${client.namespace}/${client.name} calls ${host}, which no product gateway or mesh route serves.`,
              [obj],
              "Add the host to a product gateway listener (published by a ServiceEntry) or fix the client.",
            ),
          );
          continue;
        }
        for (const c of client.clusters) {
          const reachable =
            meshHosts.has(host) ||
            (gws ?? []).some((g) => g.placement.some((p) => p.cluster === c || p.address));
          if (!reachable) {
            out.push(
              finding(
                meta,
                `Client ${client.namespace}/${client.name} in cluster ${c} calls ${host}, but ${(gws ?? []).map(gatewayRefString).join(", ")} neither runs there nor has an address.`,
                [{ ...obj, cluster: c }],
                "Place the gateway in this cluster or set placement.address so the ServiceEntry can reach it.",
              ),
            );
          }
        }
      }
    }
    return out;
  },
};
