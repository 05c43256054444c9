import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";
import { destinationPorts } from "./destination-ports";

export const meta: RuleMeta = {
  code: "PTC035",
  name: "DestinationPortSelectorRequired",
  severity: "error",
  description:
    "A route sends traffic to a Service with several ports without saying which one (Istio IST0112).",
};

/**
 * A VirtualService destination without a port is only unambiguous when its Service has one port.
 * Note: the Gateway API renderer would silently pick the first port, the Istio one leaves it out;
 * either way the document must say which port it means.
 */
export const destinationPortRequired: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const { info, destination, key, ports } of destinationPorts(ctx)) {
      if (destination.port !== undefined || ports.length < 2) continue;
      const dedupe = `${info.namespace}/${info.route.name}|${key}`;
      if (reported.has(dedupe)) continue;
      reported.add(dedupe);
      out.push(
        finding(
          meta,
          `Route ${info.namespace}/${info.route.name} sends traffic to ${key} without a port, but it exposes ports ${ports.join(", ")}: Istio cannot tell which one to use.`,
          [routeObject(info)],
          `Set the destination's port to one of ${ports.join(", ")}.`,
        ),
      );
    }
    return out;
  },
};
