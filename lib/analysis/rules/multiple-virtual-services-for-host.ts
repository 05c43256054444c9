import { routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC013",
  name: "MultipleVirtualServicesForHost",
  severity: "warning",
  description:
    "Several VirtualServices for one host on one gateway are merged by Istio in an order people do not expect.",
};

export const multipleVirtualServicesForHost: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const [key, infos] of ctx.routesByGatewayHost) {
      if (infos.length < 2) continue;
      const [cluster = "", gateway = "", host = ""] = key.split("|");
      out.push(
        finding(
          meta,
          `${infos.length} VirtualServices serve ${host} on gateway ${gateway} in cluster ${cluster}: ${infos.map((i) => `${i.namespace}/${i.route.name}`).join(", ")}. Istio merges them; rule order across them is not guaranteed.`,
          infos.map((i) => routeObject(i, cluster)),
          "Keep one route per host and gateway; put all rules in it in the intended order.",
        ),
      );
    }
    return out;
  },
};
