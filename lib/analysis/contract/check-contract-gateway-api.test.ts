import { describe, expect, it } from "vitest";
import { type Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { checkContract } from "./check-contract";
import { planeOfTopology } from "./data-plane";

const step = (s: Parameters<typeof loadExample>[0]): Topology => structuredClone(loadExample(s));
const gatewayApi = { format: "gateway-api" } as const;

describe("checkContract in the gateway-api format", () => {
  it("holds where the Istio rendering holds, on the same journey steps", () => {
    for (const [a, b] of [
      ["00-shared-ingress", "01-payments-gateway"],
      ["02-payments-split", "03-payments-west"],
    ] as const) {
      const r = checkContract(step(a), step(b), gatewayApi);
      expect(r.broken).toEqual([]);
      expect(r.checked).toBeGreaterThan(0);
    }
  });

  it("reads a product gateway's routes in precedence order, with PathPrefix as whole segments", () => {
    const plane = planeOfTopology(step("02-payments-split"), gatewayApi);
    const analytics = plane.clusters.get("east")!.routes.find((r) => r.id === "analytics-gateway/analytics")!;
    expect(analytics.rules.map((r) => r.match[0]!.path)).toEqual([
      { regex: "/v1/reports(/.*)?" },
      { regex: "/v1/events(/.*)?" },
    ]);
    // Shared-gateway bindings stay VirtualServices, read in Istio's order and prefixes.
    const shared = planeOfTopology(step("01-payments-gateway"), gatewayApi)
      .clusters.get("east")!
      .routes.filter((r) => r.gateways.includes("istio-system/istio-ingressgateway"));
    expect(shared.flatMap((r) => r.rules.map((x) => x.match[0]!.path))).toContainEqual({
      prefix: "/v1/payments",
    });
  });

  it("breaks the calls of a route Gateway API would route differently, which Istio's check lets pass", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    // Istio never reaches the new rule (the prefix before it takes its calls); Gateway API would
    // prefer the exact path, so the renderer refuses the route and its HTTPRoute disappears.
    after.routes[0]!.http.push({
      name: "status",
      match: [{ path: { exact: "/v1/payments/status" } }],
      destinations: [{ service: "credit-card", namespace: "payments", port: 8080 }],
    });
    expect(checkContract(before, after).ok).toBe(true);
    const r = checkContract(before, after, gatewayApi);
    expect(r.ok).toBe(false);
    expect(new Set(r.broken.map((b) => `${b.entry} ${b.host}`))).toEqual(
      // Internal clients reach the host through the same gateway (its mesh ServiceEntry).
      new Set(["payments/payments-gateway payments.my-company.io", "mesh payments.my-company.io"]),
    );
    expect(r.broken.every((b) => /no longer route|404/.test(b.reason))).toBe(true);
  });

  it("decides calls under a PathPrefix exactly: /v1/paymentsX was never answered through the HTTPRoute", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    // Istio's prefix /v1/payments takes /v1/paymentsX; Gateway API's does not, before or after.
    after.routes[0]!.http[2]!.match = [
      { path: { prefix: "/v1/payments/" } },
      { path: { exact: "/v1/payments" } },
    ];
    const istio = checkContract(before, after);
    expect(istio.ok).toBe(false);
    expect(checkContract(before, after, gatewayApi).broken).toEqual([]);
  });
});
