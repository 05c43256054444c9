import { gatewayRefString } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC025",
  name: "InvalidGatewayServer",
  severity: "error",
  description:
    "Gateway servers istiod refuses: port names used twice, HTTPS/TLS without `tls`, TLS settings on a plain-text port.",
};

const NEEDS_TLS = new Set(["HTTPS", "TLS"]);

export const invalidGatewayServer: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      const ref = gatewayRefString(gw);
      const names = new Set<string>();
      for (const l of gw.listeners) {
        if (names.has(l.name))
          out.push(
            finding(
              meta,
              `Gateway ${ref} has two servers named ${l.name}; istiod refuses the Gateway (port names in servers must be unique).`,
              [gatewayObject(gw)],
              "Give every listener its own name, e.g. https-payments and https-reports.",
            ),
          );
        names.add(l.name);
        if (NEEDS_TLS.has(l.protocol) && !l.tls)
          out.push(
            finding(
              meta,
              `Listener ${l.name} of ${ref} speaks ${l.protocol} but has no tls; istiod refuses the Gateway.`,
              [gatewayObject(gw)],
              "Add tls: {mode: SIMPLE, credentialName: <secret>} (or mode PASSTHROUGH to forward TLS untouched).",
            ),
          );
        if (!NEEDS_TLS.has(l.protocol) && l.tls)
          out.push(
            finding(
              meta,
              `Listener ${l.name} of ${ref} speaks plain-text ${l.protocol} but carries tls settings; istiod ignores them, so the port is not encrypted.`,
              [gatewayObject(gw)],
              "Use protocol HTTPS (or TLS), or remove tls.",
              "warning",
            ),
          );
      }
    }
    return out;
  },
};
