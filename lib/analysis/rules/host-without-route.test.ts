import { describe, expect, it } from "vitest";
import { hostWithoutRoute } from "./host-without-route";
import { EXAMPLE_STEPS } from "@/lib/topology/examples";
import { run, step } from "./test-fixture";

describe("PTC022 HostExposedWithoutRoute", () => {
  it("is clean for every journey step", () => {
    for (const s of EXAMPLE_STEPS) {
      expect(run(hostWithoutRoute, step(s))).toEqual([]);
    }
  });

  it("flags unbinding the shared gateway before the DNS switch (error)", () => {
    const t = step("01-payments-gateway");
    t.routes[0]!.gateways = ["payments/payments-gateway"];
    const f = run(hostWithoutRoute, t);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: "error",
      objects: [{ name: "istio-ingressgateway" }, { name: "payments-gateway" }],
    });
  });

  it("warns about a product gateway host without routes, unless a wildcard route covers it", () => {
    const t = step("02-payments-split");
    t.gateways.find((g) => g.name === "payments-gateway")!.listeners[0]!.hosts.push("pay.my-company.io");
    expect(run(hostWithoutRoute, t).map((f) => f.severity)).toEqual(["warning"]);
    t.routes.push({ ...structuredClone(t.routes[0]!), name: "wild", host: "*.my-company.io" });
    expect(run(hostWithoutRoute, t)).toEqual([]);
  });
});
