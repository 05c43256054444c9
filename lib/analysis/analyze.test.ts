import { describe, expect, it } from "vitest";
import { syntheticTopology } from "@/lib/topology";
import { EXAMPLE_STEPS, loadExample } from "@/lib/topology/examples";
import { analyze, hasErrors, ruleCatalog } from "./analyze";
import { buildContext } from "./context";
import { RULES } from "./rules";

describe("analyze", () => {
  it.each(EXAMPLE_STEPS)("finds nothing wrong in %s", (step) => {
    expect(analyze(loadExample(step))).toEqual([]);
  });

  it("has unique, stable codes", () => {
    const codes = ruleCatalog().map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes[0]).toBe("PTC001");
    expect(ruleCatalog()[0]!.name).toBe("ConflictingGateways");
  });

  it("reports every pitfall of the product brief, sorted errors first", () => {
    const t = structuredClone(loadExample("03-payments-west"));
    const payments = t.gateways.find((g) => g.name === "payments-gateway")!;
    // Cutover with the shared selector, TLS secret outside the namespace, failover without outlier detection.
    t.gateways.push({ ...structuredClone(loadExample("01-payments-gateway").gateways[0]!) });
    payments.selector = { istio: "ingressgateway" };
    payments.listeners[0]!.tls!.credentialName = "istio-system/payments-tls";
    delete t.failover[0]!.outlierDetection;
    // Gateway without selector, two VirtualServices for one host.
    t.gateways.find((g) => g.name === "analytics-gateway")!.selector = {};
    t.routes.push({ ...structuredClone(t.routes[0]!), name: "payments-extra" });
    const findings = analyze(t);
    const codes = new Set(findings.map((f) => f.code));
    for (const c of ["PTC017", "PTC008", "PTC010", "PTC003", "PTC013", "PTC012"]) expect(codes).toContain(c);
    expect(hasErrors(findings)).toBe(true);
    const sev = findings.map((f) => f.severity);
    expect(sev.indexOf("warning")).toBeGreaterThan(sev.lastIndexOf("error"));
    for (const f of findings) {
      expect(f.hint.length).toBeGreaterThan(0);
      expect(f.objects.length).toBeGreaterThan(0);
    }
  });

  it("is deterministic", () => {
    const t = syntheticTopology(20);
    t.routes.push(...structuredClone(t.routes.slice(0, 5)));
    expect(JSON.stringify(analyze(t))).toBe(JSON.stringify(analyze(t)));
  });

  it("indexes routes per (cluster, gateway, host) instead of comparing all pairs", () => {
    const ctx = buildContext(syntheticTopology(50, 3));
    expect(ctx.routesByGatewayHost.size).toBe(150);
    for (const list of ctx.routesByGatewayHost.values()) expect(list).toHaveLength(1);
    expect(RULES.length).toBeGreaterThanOrEqual(17);
  });

  it("grows about linearly with the number of routes", () => {
    const time = (n: number) => {
      const t = syntheticTopology(n);
      analyze(t);
      // Best of 5: a busy machine only ever makes a run slower.
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        analyze(t);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(100);
    const small = time(200);
    const large = time(2000);
    // 10x the routes must stay far from 100x the time (quadratic); allow noise.
    expect(large / Math.max(small, 0.5)).toBeLessThan(40);
  });
});
