import { describe, expect, it } from "vitest";
import { policyMatchesNoWorkload } from "./policy-matches-no-workload";
import { run, step } from "./test-fixture";

describe("PTC030 PolicyMatchesNoWorkload", () => {
  it("is clean for the reference scenario", () => {
    expect(run(policyMatchesNoWorkload, step("02-payments-split"))).toEqual([]);
  });

  it("flags a policy on a gateway whose pods carry no labels: it would select the whole namespace", () => {
    const t = step("02-payments-split");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.selector = {};
    gw.workloadLabels = {};
    const f = run(policyMatchesNoWorkload, t);
    expect(f.map((x) => x.objects[0]!.kind).sort()).toEqual(["AuthorizationPolicy", "RequestAuthentication"]);
    expect(f[0]!.message).toMatch(/every workload of namespace payments/);
  });

  it("matches a service policy against the service's pods (app: <service>) where it runs", () => {
    const t = step("02-payments-split");
    t.policies.authorization.push({
      name: "cards-only-checkout",
      product: "payments",
      target: { service: { name: "credit-card", namespace: "payments" } },
      action: "ALLOW",
      rules: [{ from: { namespaces: ["checkout"] } }],
    });
    expect(run(policyMatchesNoWorkload, t)).toEqual([]);
  });
});
