import { parseGatewayRef } from "@/lib/topology";
import { k8sName } from "@/lib/istio/context";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC020",
  name: "DuplicateObject",
  severity: "error",
  description:
    "Two model entries render to the same Kubernetes object (or one service carries two circuit breakers); the last would overwrite the first.",
};

export const duplicateObject: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const check = (
      kind: string,
      keys: Array<{ namespace?: string; name: string; product?: string }>,
      hint = "Rename one of them.",
    ) => {
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
              hint,
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
    // A product gateway's Service lives beside the product's backend Services.
    check("Service", [
      ...ctx.topology.services.map((s) => ({ namespace: s.namespace, name: s.name, product: s.product })),
      ...ctx.topology.gateways
        .filter((g) => g.mode === "product")
        .map((g) => ({ namespace: g.namespace, name: g.name, product: g.product })),
    ]);
    const { authorization, authentication, circuitBreakers } = ctx.topology.policies;
    const gatewayNamespace = (ref: string) => {
      const parsed = parseGatewayRef(ref, "default");
      return parsed === "mesh" ? undefined : parsed.namespace;
    };
    // A required JWT renders a DENY AuthorizationPolicy beside the authorization policies.
    check("AuthorizationPolicy", [
      ...authorization.map((p) => ({
        namespace: "gateway" in p.target ? gatewayNamespace(p.target.gateway) : p.target.service.namespace,
        name: p.name,
        product: p.product,
      })),
      ...authentication
        .filter((a) => a.required)
        .map((a) => ({
          namespace: gatewayNamespace(a.gateway),
          name: k8sName(a.name, "require-jwt"),
          product: a.product,
        })),
    ]);
    check(
      "RequestAuthentication",
      authentication.map((a) => ({
        namespace: gatewayNamespace(a.gateway),
        name: a.name,
        product: a.product,
      })),
    );
    // One DestinationRule per host: a second circuit breaker or failover would be dropped silently.
    check(
      "DestinationRule",
      circuitBreakers.map((c) => ({
        namespace: c.service.namespace,
        name: c.service.name,
        product: c.product,
      })),
      "Merge the circuit breakers of this service into one.",
    );
    check(
      "Failover",
      ctx.topology.failover.map((f) => ({ name: f.product, product: f.product })),
      "Merge the failover entries of this product into one.",
    );
    return out;
  },
};
