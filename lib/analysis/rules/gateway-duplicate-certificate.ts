import { gatewayRefString, type GatewaySpec } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC040",
  name: "GatewayDuplicateCertificate",
  severity: "warning",
  description:
    "Two Gateways on one gateway workload terminate TLS with the same certificate: browsers reuse one HTTP/2 connection for both and get 404s (Istio IST0138).",
};

/**
 * A client that opened an HTTP/2 connection for one host reuses it for any other host the same
 * certificate covers (connection coalescing). When another Gateway object on the same pods serves
 * that host, Envoy answers 404 on the first connection's filter chain
 * (istioctl analyze: gateway-duplicate-certificate.yaml).
 */
export const gatewayDuplicateCertificate: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    // cluster|workload|credential -> gateways
    // Nearly every key has one user: it is kept as is, a Map only once a second gateway comes.
    const users = new Map<string, GatewaySpec | Map<string, GatewaySpec>>();
    for (const [cluster, gateways] of ctx.gatewaysByCluster) {
      for (const gw of gateways) {
        const credentials = new Set<string>();
        for (const l of gw.listeners)
          if (l.tls?.credentialName && l.tls.mode !== "PASSTHROUGH") credentials.add(l.tls.credentialName);
        if (credentials.size === 0) continue;
        for (const w of ctx.selected.get(`${cluster}|${gatewayRefString(gw)}`) ?? []) {
          for (const credential of credentials) {
            const key = `${cluster}|${gatewayRefString(w.gateway)}|${credential}`;
            const had = users.get(key);
            if (had === undefined) users.set(key, gw);
            else if (had instanceof Map) had.set(gatewayRefString(gw), gw);
            else if (had !== gw)
              users.set(
                key,
                new Map([
                  [gatewayRefString(had), had],
                  [gatewayRefString(gw), gw],
                ]),
              );
          }
        }
      }
    }
    const out: Finding[] = [];
    // Shared Gateway objects each model the same ingress pods: one finding per set of gateways.
    const reported = new Set<string>();
    for (const [key, gateways] of users) {
      if (!(gateways instanceof Map) || gateways.size < 2) continue;
      const [cluster = "", workload = "", credential = ""] = key.split("|");
      const refs = [...gateways.keys()].sort();
      const dedupe = `${cluster}|${credential}|${refs.join(",")}`;
      if (reported.has(dedupe)) continue;
      reported.add(dedupe);
      out.push(
        finding(
          meta,
          `Gateways ${refs.join(", ")} both use certificate ${credential} on workload ${workload} in cluster ${cluster}: a client reusing an HTTP/2 connection across their hosts gets 404s.`,
          refs.map((r) => gatewayObject(gateways.get(r)!, cluster)),
          "Serve these hosts from one Gateway, or give each Gateway its own certificate.",
        ),
      );
    }
    return out;
  },
};
