import { describe, expect, it } from "vitest";
import type { Route } from "@/lib/topology";
import { exampleContext } from "./test-context";
import { renderVirtualService } from "./render-virtual-service";

describe("renderVirtualService", () => {
  it("binds to the shared and the product gateway during cutover", () => {
    const { t, ctx } = exampleContext("01-payments-gateway");
    const vs = renderVirtualService(ctx, t.routes[0]!) as any;
    expect(vs.spec.gateways).toEqual(["istio-system/istio-ingressgateway", "payments/payments-gateway"]);
    expect(vs.spec.hosts).toEqual(["payments.my-company.io"]);
  });

  it("renders matches, destinations, rewrite, timeout and retries", () => {
    const { t, ctx } = exampleContext("02-payments-split");
    const route: Route = {
      ...t.routes[0]!,
      http: [
        {
          name: "r",
          match: [{ path: { regex: "/v[0-9]+/x" }, method: "GET", headers: { "x-canary": { exact: "1" } } }],
          destinations: [
            { service: "payments", port: 8080, subset: "v2", weight: 90 },
            { service: "credit-card", namespace: "payments", weight: 10 },
          ],
          rewrite: { uri: "/x" },
          timeout: "3s",
          retries: { attempts: 2, perTryTimeout: "1s", retryOn: "5xx" },
        },
      ],
    };
    const vs = renderVirtualService(ctx, route) as any;
    expect(vs.spec.http[0]).toEqual({
      name: "r",
      match: [
        { uri: { regex: "/v[0-9]+/x" }, method: { exact: "GET" }, headers: { "x-canary": { exact: "1" } } },
      ],
      route: [
        {
          destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 }, subset: "v2" },
          weight: 90,
        },
        { destination: { host: "credit-card.payments.svc.cluster.local" }, weight: 10 },
      ],
      rewrite: { uri: "/x" },
      timeout: "3s",
      retries: { attempts: 2, perTryTimeout: "1s", retryOn: "5xx" },
    });
  });

  it("adds mesh for internal clients and skips clusters without any of its gateways", () => {
    const { t, ctx } = exampleContext("02-payments-split");
    const mesh = renderVirtualService(ctx, {
      ...t.routes[0]!,
      gateways: ["payments/payments-gateway", "mesh"],
    }) as any;
    expect(mesh.spec.gateways).toEqual(["mesh", "payments/payments-gateway"]);
    const west = exampleContext("02-payments-split", "west");
    expect(renderVirtualService(west.ctx, t.routes[0]!)).toBeUndefined();
  });
});
