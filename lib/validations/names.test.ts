import { describe, expect, it } from "vitest";
import { dnsLabelSchema, invalidHostReason, NAMESPACED_NAME, publicHostSchema } from "./names";

describe("shared name validators", () => {
  it("takes DNS labels and refuses the rest with a hint", () => {
    expect(dnsLabelSchema().parse(" payments ")).toBe("payments");
    for (const bad of ["Payments", "-a", "a-", "a_b", "a".repeat(64), ""])
      expect(dnsLabelSchema().safeParse(bad).success, bad).toBe(false);
  });

  it("judges hosts as Istio does, and public hosts as fully qualified", () => {
    expect(invalidHostReason("*.example.com")).toBeUndefined();
    expect(invalidHostReason("a.*.com")).toMatch(/wildcard/);
    expect(publicHostSchema.safeParse("payments.my-company.io").success).toBe(true);
    expect(publicHostSchema.safeParse("*.my-company.io").success).toBe(true);
    for (const bad of ["Pay.Example.com", "payments", "*", "a..b.com", `${"a".repeat(64)}.com`]) {
      const r = publicHostSchema.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/a fully qualified host name in lower case/);
    }
  });

  it("reads namespace/name references", () => {
    expect(NAMESPACED_NAME.test("istio-system/gw")).toBe(true);
    expect(NAMESPACED_NAME.test("istio-system/gw/x")).toBe(false);
  });
});
