import { gatewayRefString } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC009",
  name: "GatewayPortNotOnService",
  severity: "error",
  description: "A gateway listener port is not exposed by the gateway's Service, so clients cannot reach it.",
};

export const gatewayPortNotOnService: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      if (!gw.servicePorts) continue;
      for (const l of gw.listeners) {
        if (gw.servicePorts.includes(l.port)) continue;
        out.push(
          finding(
            meta,
            `Listener ${l.name} of ${gatewayRefString(gw)} listens on port ${l.port}, which its Service does not expose (${gw.servicePorts.join(", ")}).`,
            [
              gatewayObject(gw),
              { kind: "Service", namespace: gw.namespace, name: gw.name, product: gw.product },
            ],
            `Add port ${l.port} to the gateway Service (servicePorts) or change the listener port.`,
          ),
        );
      }
    }
    return out;
  },
};
