import type { JwtAuthentication, K8sObject } from "@/lib/topology";
import { meta, type RenderContext } from "./context";
import { policyTarget } from "./render-authorization-policy";

export function renderRequestAuthentication(
  ctx: RenderContext,
  auth: JwtAuthentication,
): K8sObject | undefined {
  const target = policyTarget(ctx, { gateway: auth.gateway });
  if (!target) return undefined;
  return {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: meta(ctx, {
      name: auth.name,
      namespace: target.namespace,
      product: auth.product,
      source: `policy/authentication/${auth.name}`,
    }),
    spec: {
      selector: { matchLabels: target.matchLabels },
      jwtRules: auth.issuers.map((i) => {
        const rule: Record<string, unknown> = { issuer: i.issuer, jwksUri: i.jwksUri };
        if (i.audiences) rule.audiences = [...i.audiences];
        if (i.forwardOriginalToken !== undefined) rule.forwardOriginalToken = i.forwardOriginalToken;
        return rule;
      }),
    },
  };
}
