import { gatewayRefString, type GatewaySpec } from "@/lib/topology";
import { k8sName } from "@/lib/istio/context";
import { meshHosts, serviceEntryPorts } from "@/lib/istio/render-service-entry";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC042",
  name: "ConflictingServiceEntryProtocol",
  severity: "warning",
  description:
    "Two product gateways publish one host and port into the mesh with different protocols: sidecars pick one at random (Istio IST0177).",
};

/** Clusters a gateway's mesh ServiceEntry is rendered in: where it runs and where clients call it. */
function entryClusters(ctx: AnalysisContext, gw: GatewaySpec, hosts: Set<string>): Set<string> {
  const clusters = new Set(gw.placement.map((p) => p.cluster));
  for (const c of ctx.topology.clients)
    if (c.calls.some((h) => hosts.has(h))) for (const cluster of c.clusters) clusters.add(cluster);
  return clusters;
}

/**
 * Every product gateway's mesh ServiceEntry declares its hosts with its listener ports (visible to
 * all namespaces). Two entries giving one host:port different protocols make sidecars build the
 * listener from either (istioctl analyze: serviceentry-conflicting-protocol.yaml).
 */
export const conflictingServiceEntryProtocol: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    // cluster|host|port -> protocol -> gateways
    const index = new Map<string, Map<string, GatewaySpec[]>>();
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product") continue;
      const hosts = meshHosts(gw);
      if (hosts.length === 0) continue;
      const ports = serviceEntryPorts(gw);
      for (const cluster of entryClusters(ctx, gw, new Set(hosts)))
        for (const host of hosts)
          for (const p of ports) {
            const key = `${cluster}|${host}|${p.number}`;
            const byProtocol = index.get(key) ?? new Map<string, GatewaySpec[]>();
            byProtocol.set(p.protocol, [...(byProtocol.get(p.protocol) ?? []), gw]);
            index.set(key, byProtocol);
          }
    }
    const out: Finding[] = [];
    for (const [key, byProtocol] of index) {
      if (byProtocol.size < 2) continue;
      const [cluster = "", host = "", port = ""] = key.split("|");
      const gateways = [...new Set([...byProtocol.values()].flat())].sort((a, b) =>
        gatewayRefString(a) < gatewayRefString(b) ? -1 : 1,
      );
      const protocols = [...byProtocol.entries()]
        .map(([p, gws]) => `${p} (${gws.map(gatewayRefString).join(", ")})`)
        .sort();
      out.push(
        finding(
          meta,
          `Host ${host} port ${port} is published into the mesh in cluster ${cluster} as ${protocols.join(" and ")}; sidecars use either protocol.`,
          gateways.map((g) => ({
            cluster,
            kind: "ServiceEntry",
            namespace: g.namespace,
            name: k8sName(g.name, "mesh"),
            product: g.product,
          })),
          "Serve the host from one gateway, or use the same protocol on that port in both gateways' listeners.",
        ),
      );
    }
    return out;
  },
};
