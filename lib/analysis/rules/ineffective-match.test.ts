import { describe, expect, it } from "vitest";
import { ineffectiveMatch } from "./ineffective-match";
import { run, step } from "./test-fixture";

// Istio's example: testdata/virtualservice_dupmatches.yaml, `almost-duplicate-match`: rule 1
// matches prefix /api/v1/products (already taken by rule 0) or prefix /potato; only the first
// match is dead (IST0131), the rule itself still applies.
function almostDuplicate() {
  const t = step("02-payments-split");
  const route = t.routes[0]!;
  route.http = [
    {
      match: [{ path: { prefix: "/api/v1/products" } }],
      destinations: [{ service: "payments", port: 8080 }],
    },
    {
      name: "send /api/v1/products and /potato to credit-card",
      match: [{ path: { prefix: "/api/v1/products" } }, { path: { prefix: "/potato" } }],
      destinations: [{ service: "credit-card", port: 8080 }],
    },
  ];
  return t;
}

describe("PTC038 IneffectiveMatch", () => {
  it("flags the one match an earlier rule takes", () => {
    const f = run(ineffectiveMatch, almostDuplicate());
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("info");
    expect(f[0]!.message).toMatch(/^Match #0 of rule "send .*" .* never applies: rule #0 takes/);
  });

  it("flags a match covered by an earlier match of the same rule", () => {
    const t = almostDuplicate();
    t.routes[0]!.http[1]!.match = [{ path: { prefix: "/potato" } }, { path: { exact: "/potato/salad" } }];
    expect(run(ineffectiveMatch, t).map((f) => f.message)).toEqual([
      expect.stringContaining("match #0 of the same rule"),
    ]);
  });

  it("leaves wholly shadowed rules to PTC011 and live matches alone", () => {
    const t = almostDuplicate();
    t.routes[0]!.http[1]!.match = [
      { path: { prefix: "/api/v1/products/a" } },
      { path: { prefix: "/api/v1/products/b" } },
    ];
    expect(run(ineffectiveMatch, t)).toEqual([]);
    expect(run(ineffectiveMatch, step("03-payments-west"))).toEqual([]);
  });
});
