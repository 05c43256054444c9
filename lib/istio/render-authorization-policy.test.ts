import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderAuthorizationPolicy, renderRequireJwtPolicy } from "./render-authorization-policy";
import { renderRequestAuthentication } from "./render-request-authentication";

describe("security policies", () => {
  it("renders an AuthorizationPolicy on the gateway workload", () => {
    const { t, ctx } = exampleContext("02-payments-split");
    const ap = renderAuthorizationPolicy(ctx, t.policies.authorization[0]!) as any;
    expect(ap.metadata).toMatchObject({ name: "payments-deny-admin", namespace: "payments" });
    expect(ap.spec).toEqual({
      selector: { matchLabels: { istio: "payments-gateway" } },
      action: "DENY",
      rules: [{ to: [{ operation: { paths: ["/admin", "/admin/*"] } }] }],
    });
  });

  it("targets a service's workloads and skips clusters where the target does not run", () => {
    const { ctx } = exampleContext("02-payments-split");
    const ap = renderAuthorizationPolicy(ctx, {
      name: "only-checkout",
      product: "payments",
      target: { service: { name: "credit-card", namespace: "payments" } },
      action: "ALLOW",
      rules: [{ from: { principals: ["cluster.local/ns/checkout/sa/checkout"] } }],
    }) as any;
    expect(ap.spec.selector).toEqual({ matchLabels: { app: "credit-card" } });
    expect(ap.spec.rules[0].from).toEqual([
      { source: { principals: ["cluster.local/ns/checkout/sa/checkout"] } },
    ]);
    const west = exampleContext("02-payments-split", "west");
    expect(renderAuthorizationPolicy(west.ctx, west.t.policies.authorization[0]!)).toBeUndefined();
  });

  it("renders RequestAuthentication and, when required, a DENY policy for missing tokens", () => {
    const { t, ctx } = exampleContext("02-payments-split");
    const auth = t.policies.authentication[0]!;
    const ra = renderRequestAuthentication(ctx, auth) as any;
    expect(ra.spec.jwtRules).toEqual([
      {
        issuer: "https://auth.my-company.io",
        jwksUri: "https://auth.my-company.io/.well-known/jwks.json",
        audiences: ["payments"],
      },
    ]);
    expect(renderRequireJwtPolicy(ctx, auth)).toBeUndefined();
    const deny = renderRequireJwtPolicy(ctx, { ...auth, required: true }) as any;
    expect(deny.spec).toMatchObject({
      action: "DENY",
      rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }],
    });
  });
});
