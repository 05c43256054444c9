import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC020",
  name: "DuplicateObject",
  severity: "error",
  description: "Two model entries render to the same Kubernetes object; the last would overwrite the first.",
};

export const duplicateObject: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const check = (kind: string, keys: Array<{ namespace?: string; name: string; product?: string }>) => {
      const seen = new Map<string, number>();
      for (const k of keys) {
        const key = `${k.namespace ?? ""}/${k.name}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (seen.get(key) === 2) {
          out.push(
            finding(
              meta,
              `${kind} ${key} is defined more than once.`,
              [{ kind, namespace: k.namespace, name: k.name, product: k.product }],
              "Rename one of them.",
            ),
          );
        }
      }
    };
    check(
      "Cluster",
      ctx.topology.clusters.map((c) => ({ name: c.name })),
    );
    check(
      "Product",
      ctx.topology.products.map((p) => ({ name: p.name, product: p.name })),
    );
    check(
      "Gateway",
      ctx.topology.gateways.map((g) => ({ namespace: g.namespace, name: g.name, product: g.product })),
    );
    check(
      "VirtualService",
      ctx.routes.map((r) => ({ namespace: r.namespace, name: r.route.name, product: r.route.product })),
    );
    check(
      "Service",
      ctx.topology.services.map((s) => ({ namespace: s.namespace, name: s.name, product: s.product })),
    );
    return out;
  },
};
