import { gatewayRefString, parseGatewayRef } from "@/lib/topology";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import { passesTlsThrough } from "../listeners";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC031",
  name: "PolicyAttributeUnseenBehindPassthrough",
  severity: "error",
  description:
    "An AuthorizationPolicy at a gateway entered by TLS passthrough uses what the gateway cannot see there: source namespaces or principals (no mTLS peer), or HTTP attributes.",
};

export const peerIdentityBehindPassthrough: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const p of ctx.topology.policies.authorization) {
      if (!("gateway" in p.target)) continue;
      const ref = parseGatewayRef(p.target.gateway, "default");
      if (ref === "mesh") continue;
      const gw = ctx.index.gateways.get(gatewayRefString(ref));
      const listener = gw?.listeners.find(passesTlsThrough);
      if (!gw || !listener) continue;
      const unseen = new Set<string>();
      for (const r of p.rules) {
        if (r.from?.namespaces) unseen.add("source namespaces");
        if (r.from?.principals) unseen.add("source principals");
        if (r.from?.requestPrincipals) unseen.add("request principals");
        if (r.to?.paths) unseen.add("paths");
        if (r.to?.methods) unseen.add("methods");
        if (r.to?.hosts) unseen.add("hosts");
      }
      if (unseen.size === 0) continue;
      const effect =
        p.action === "ALLOW"
          ? "so it refuses every passthrough connection"
          : "so it never denies a passthrough connection";
      out.push(
        finding(
          meta,
          `AuthorizationPolicy ${p.name} at ${gatewayRefString(gw)} matches on ${[...unseen].join(", ")}, which the gateway cannot see on passthrough listener ${listener.name} (the client's TLS is not terminated and carries no mesh identity), ${effect}.`,
          [{ kind: "AuthorizationPolicy", namespace: gw.namespace, name: p.name, product: p.product }],
          "Match passthrough traffic on ipBlocks only, enforce the rule at the backend's sidecar, or terminate TLS at the gateway.",
        ),
      );
    }
    return out;
  },
};
