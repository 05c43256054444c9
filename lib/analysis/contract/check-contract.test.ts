import { describe, expect, it } from "vitest";
import { type Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { checkContract } from "./check-contract";

const step = (s: Parameters<typeof loadExample>[0]): Topology => structuredClone(loadExample(s));

describe("checkContract", () => {
  it("holds for every step of the reference journey", () => {
    const steps = [
      step("00-shared-ingress"),
      step("01-payments-gateway"),
      step("02-payments-split"),
      step("03-payments-west"),
    ];
    for (let i = 0; i + 1 < steps.length; i++) {
      const r = checkContract(steps[i]!, steps[i + 1]!);
      expect(r.broken).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.checked).toBeGreaterThan(0);
      expect(r.approximate).toBe(false);
    }
  });

  it("finds a deliberately dropped route and says exactly which calls break", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    after.routes[1]!.http = after.routes[1]!.http.filter((r) => r.name !== "reports");
    const r = checkContract(before, after);
    expect(r.ok).toBe(false);
    expect(new Set(r.broken.map((b) => `${b.host}${b.path}`))).toEqual(
      new Set(["analytics.my-company.io/v1/reports*"]),
    );
    expect(r.broken.map((b) => b.method).sort()).toEqual(["POST", "any method except POST"]);
    expect(r.broken[0]).toMatchObject({
      cluster: "east",
      before: ["analytics-reports/reports"],
      after: [],
      reason: expect.stringMatching(/404/),
    });
  });

  it("accepts a split to declared successors and refuses routing back to a non-successor", () => {
    const r = checkContract(step("01-payments-gateway"), step("02-payments-split"));
    expect(r.ok).toBe(true);
    const noSuccessors = step("02-payments-split");
    noSuccessors.successors = [];
    const broken = checkContract(step("01-payments-gateway"), noSuccessors).broken;
    expect(broken.map((b) => b.path).sort()).toEqual([
      "/v1/payments/cards*",
      "/v1/payments/direct-deposits*",
    ]);
    expect(broken[0]!.reason).toMatch(/neither the previous service nor a declared successor/);
  });

  it("catches removing the shared gateway from a VirtualService while it still serves the host", () => {
    const after = step("01-payments-gateway");
    after.routes[0]!.gateways = ["payments/payments-gateway"];
    const r = checkContract(step("01-payments-gateway"), after);
    expect(r.ok).toBe(false);
    expect(r.broken[0]).toMatchObject({
      entry: "istio-system/istio-ingressgateway",
      reason: expect.stringMatching(/still exposes/),
    });
  });

  it("reasons about methods symbolically", () => {
    const before = step("00-shared-ingress");
    const after = step("00-shared-ingress");
    after.routes[1]!.http[1]!.match = [{ path: { prefix: "/v1/reports" }, method: "GET" }];
    const broken = checkContract(before, after).broken;
    expect(broken.map((b) => b.method)).toEqual(["POST", "any method except GET, POST"]);
    expect(broken.every((b) => b.path === "/v1/reports*")).toBe(true);
  });

  it("sees that a narrower exact match drops the rest of a prefix", () => {
    const before = step("00-shared-ingress");
    const after = step("00-shared-ingress");
    after.routes[0]!.http[0]!.match = [{ path: { exact: "/v1/payments" } }];
    const broken = checkContract(before, after).broken;
    expect(broken.map((b) => b.path)).toEqual(["/v1/payments…"]);
  });

  it("checks headers and regexes (regex flagged approximate)", () => {
    const before = step("00-shared-ingress");
    before.routes[0]!.http.unshift({
      name: "canary",
      match: [{ path: { regex: "/v1/payments/[0-9]+" }, headers: { "x-canary": { exact: "1" } } }],
      destinations: [{ service: "payments" }],
    });
    const after = structuredClone(before);
    after.routes[0]!.http[0]!.destinations = [{ service: "credit-card", namespace: "payments" }];
    const r = checkContract(before, after);
    expect(r.approximate).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.broken[0]).toMatchObject({ headers: { "x-canary": "1" }, after: ["payments/credit-card"] });
  });

  it("requires the routes in every cluster that served them", () => {
    const before = step("03-payments-west");
    const after = step("03-payments-west");
    after.gateways.find((g) => g.name === "payments-gateway")!.placement.pop();
    const r = checkContract(before, after);
    expect(r.ok).toBe(false);
    expect(new Set(r.broken.map((b) => b.cluster))).toEqual(new Set(["west"]));
  });

  it("accepts a wildcard route that takes over an exact host", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    after.routes[0]!.host = "*.my-company.io";
    expect(checkContract(before, after).broken).toEqual([]);
    after.routes[0]!.http.pop();
    expect(checkContract(before, after).ok).toBe(false);
  });
});
