import type { Authorization, JwtAuthentication, K8sObject } from "@/lib/topology";
import { gatewayWorkloadLabels, parseGatewayRef } from "@/lib/topology";
import { k8sName, meta, type RenderContext } from "./context";

/** Workload namespace and pod labels a policy applies to in this cluster, if it runs here. */
export function policyTarget(
  ctx: RenderContext,
  target: Authorization["target"],
): { namespace: string; matchLabels: Record<string, string> } | undefined {
  if ("gateway" in target) {
    const ref = parseGatewayRef(target.gateway, "default");
    if (ref === "mesh") return undefined;
    const gw = ctx.index.gateways.get(`${ref.namespace}/${ref.name}`);
    if (!gw || !gw.placement.some((p) => p.cluster === ctx.cluster.name)) return undefined;
    return { namespace: gw.namespace, matchLabels: gatewayWorkloadLabels(gw) };
  }
  const svc = ctx.index.services.get(`${target.service.namespace}/${target.service.name}`);
  if (!svc || !svc.clusters.includes(ctx.cluster.name)) return undefined;
  // Workloads behind a service are conventionally labelled app=<service>.
  return { namespace: svc.namespace, matchLabels: { app: svc.name } };
}

export function renderAuthorizationPolicy(ctx: RenderContext, policy: Authorization): K8sObject | undefined {
  const target = policyTarget(ctx, policy.target);
  if (!target) return undefined;
  const rules = policy.rules.map((r) => {
    const rule: Record<string, unknown> = {};
    if (r.from) rule.from = [{ source: { ...r.from } }];
    if (r.to) rule.to = [{ operation: { ...r.to } }];
    return rule;
  });
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: meta(ctx, {
      name: policy.name,
      namespace: target.namespace,
      product: policy.product,
      source: `policy/authorization/${policy.name}`,
    }),
    spec: { selector: { matchLabels: target.matchLabels }, action: policy.action, rules },
  };
}

/** RequestAuthentication only rejects bad tokens; requiring one takes this DENY policy. */
export function renderRequireJwtPolicy(ctx: RenderContext, auth: JwtAuthentication): K8sObject | undefined {
  if (!auth.required) return undefined;
  const target = policyTarget(ctx, { gateway: auth.gateway });
  if (!target) return undefined;
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: meta(ctx, {
      name: k8sName(auth.name, "require-jwt"),
      namespace: target.namespace,
      product: auth.product,
      source: `policy/authentication/${auth.name}`,
    }),
    spec: {
      selector: { matchLabels: target.matchLabels },
      action: "DENY",
      rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }],
    },
  };
}
