import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC028",
  name: "UnknownFailoverLocality",
  severity: "error",
  description:
    "A failover `from`/`to` must be the region of a declared cluster: istiod refuses zones, wildcards and from = to, and an unknown region never fails over.",
};

export const unknownFailoverLocality: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const regions = new Set(ctx.topology.clusters.map((c) => c.region));
    const zoneOf = new Map(ctx.topology.clusters.map((c) => [c.zone, c]));
    const known = [...regions].sort().join(", ");
    for (const f of ctx.topology.failover) {
      const obj = [{ kind: "DestinationRule", name: f.product, product: f.product }];
      for (const pair of f.failover) {
        if (pair.from === pair.to)
          out.push(
            finding(
              meta,
              `Failover of ${f.product} goes from ${pair.from} to itself; istiod refuses it (from and to must be different regions).`,
              obj,
              `Fail over to another region: ${known}.`,
            ),
          );
        for (const value of [pair.from, pair.to]) {
          if (regions.has(value)) continue;
          const zone = zoneOf.get(value);
          const why = zone
            ? `${value} is the zone of cluster ${zone.name}; failover names regions (here ${zone.region})`
            : value.includes("/") || value.includes("*")
              ? `${value} is not a region; istiod refuses '/' and '*' in failover`
              : `no declared cluster is in region ${value}, so this failover never happens`;
          out.push(
            finding(
              meta,
              `Failover of ${f.product}: ${why}.`,
              obj,
              `Use one of the clusters' regions: ${known}.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
