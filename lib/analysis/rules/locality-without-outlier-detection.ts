import { serviceKey } from "@/lib/topology";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type ObjectRef, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC010",
  name: "LocalityLbWithoutOutlierDetection",
  severity: "error",
  description: "Locality failover silently does nothing without outlier detection on the DestinationRule.",
};

export const localityWithoutOutlierDetection: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const cbWithOd = new Set(
      ctx.topology.policies.circuitBreakers
        .filter((c) => c.outlierDetection)
        .map((c) => serviceKey(c.service.namespace, c.service.name)),
    );
    const missing = new Map<string, ObjectRef[]>();
    for (const f of ctx.topology.failover) if (!f.outlierDetection) missing.set(f.product, []);
    if (missing.size === 0) return out;
    for (const s of ctx.topology.services) {
      if (cbWithOd.has(serviceKey(s.namespace, s.name))) continue;
      missing
        .get(s.product)
        ?.push({ kind: "DestinationRule", namespace: s.namespace, name: s.name, product: s.product });
    }
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product" || !gw.product) continue;
      missing.get(gw.product)?.push({
        kind: "DestinationRule",
        namespace: gw.namespace,
        name: `${gw.name} (mesh hosts)`,
        product: gw.product,
      });
    }
    for (const f of ctx.topology.failover) {
      if (f.outlierDetection) continue;
      const objects = missing.get(f.product) ?? [];
      if (objects.length === 0) continue;
      out.push(
        finding(
          meta,
          `Failover for product ${f.product} has no outlier detection: Envoy never marks endpoints unhealthy, so traffic never leaves the local zone.`,
          objects,
          "Add failover.outlierDetection (e.g. consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s).",
        ),
      );
    }
    return out;
  },
};
