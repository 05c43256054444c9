import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";
import { destinationPorts } from "./destination-ports";

export const meta: RuleMeta = {
  code: "PTC036",
  name: "DestinationPortNotFound",
  severity: "error",
  description: "A route sends traffic to a port its Service does not expose (Istio IST0101, host:port).",
};

export const destinationPortNotFound: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const { info, destination, key, ports } of destinationPorts(ctx)) {
      const port = destination.port;
      if (port === undefined || ports.includes(port)) continue;
      const dedupe = `${info.namespace}/${info.route.name}|${key}|${port}`;
      if (reported.has(dedupe)) continue;
      reported.add(dedupe);
      out.push(
        finding(
          meta,
          `Route ${info.namespace}/${info.route.name} sends traffic to port ${port} of ${key}, which exposes ${ports.join(", ")}: there is no such port to reach.`,
          [routeObject(info)],
          `Use one of ports ${ports.join(", ")}, or add port ${port} to the service.`,
        ),
      );
    }
    return out;
  },
};
