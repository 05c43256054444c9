import { gatewayRefString } from "@/lib/topology";
import { bareHost, hostMatches } from "../hosts";
import { passesTlsThrough, readsHttp } from "../listeners";
import { gatewayObject, routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC027",
  name: "HttpRouteOnPassthroughServer",
  severity: "error",
  description:
    "HTTP rules for a host a gateway passes through encrypted (TLS PASSTHROUGH) or serves as TLS/TCP never apply: the gateway cannot read the request.",
};

export const httpRouteOnPassthrough: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const info of ctx.routes) {
      for (const gw of info.binding.gateways) {
        for (const l of gw.listeners) {
          if (readsHttp(l)) continue;
          // A catch-all TLS/TCP server is common next to HTTPS ones; only a server naming the host
          // takes its traffic away from the HTTP rules.
          const host = l.hosts.find((h) => bareHost(h) !== "*" && hostMatches(h, info.route.host));
          if (host === undefined) continue;
          out.push(
            finding(
              meta,
              `Route ${info.namespace}/${info.route.name} has HTTP rules for ${info.route.host}, but listener ${l.name} of ${gatewayRefString(gw)} ${passesTlsThrough(l) ? `passes ${bareHost(host)} through encrypted` : `serves ${bareHost(host)} as ${l.protocol}`}, so the gateway never sees the path, method or headers.`,
              [routeObject(info), gatewayObject(gw)],
              "Terminate TLS on the listener (tls.mode SIMPLE with a credential) or route the host with TLS/SNI rules outside Portico.",
            ),
          );
        }
      }
    }
    return out;
  },
};
