import { gatewayRefString } from "@/lib/topology";
import { bareHost, invalidHostReason } from "../hosts";
import { gatewayObject, routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC015",
  name: "InvalidHostName",
  severity: "error",
  description: "A host is not a valid DNS name or uses a wildcard Istio does not accept.",
};

export const invalidHost: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      for (const l of gw.listeners) {
        for (const h of l.hosts) {
          const why = invalidHostReason(bareHost(h));
          if (why)
            out.push(
              finding(
                meta,
                `Gateway ${gatewayRefString(gw)} listener ${l.name} host "${h}" is invalid: ${why}.`,
                [gatewayObject(gw)],
                "Use a lower-case DNS name, optionally starting with `*.`.",
              ),
            );
        }
      }
    }
    for (const info of ctx.routes) {
      const h = info.route.host;
      const why = invalidHostReason(h);
      if (why) {
        out.push(
          finding(
            meta,
            `Route ${info.namespace}/${info.route.name} host "${h}" is invalid: ${why}.`,
            [routeObject(info)],
            "Use a lower-case DNS name, optionally starting with `*.`.",
          ),
        );
      } else if (h === "*") {
        out.push(
          finding(
            meta,
            `Route ${info.namespace}/${info.route.name} claims every host ("*") on its gateways.`,
            [routeObject(info)],
            "Name the product's hosts explicitly.",
            "warning",
          ),
        );
      } else if (!h.includes(".")) {
        out.push(
          finding(
            meta,
            `Route ${info.namespace}/${info.route.name} host "${h}" is a short name; Istio expands it relative to namespace ${info.namespace}.`,
            [routeObject(info)],
            "Use the fully qualified name.",
            "warning",
          ),
        );
      }
    }
    for (const p of ctx.topology.products) {
      for (const h of p.hosts) {
        const why = invalidHostReason(h);
        if (why)
          out.push(
            finding(
              meta,
              `Product ${p.name} host "${h}" is invalid: ${why}.`,
              [{ kind: "Product", name: p.name, product: p.name }],
              "Use a lower-case DNS name.",
            ),
          );
      }
    }
    return out;
  },
};
