import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { exampleContext } from "@/lib/istio/test-context";
import { renderGatewayApiGateway } from "./render-gateway";
import { renderHttpRoute } from "./render-http-route";
import type { NotExpressibleNote } from "./note";

describe("Gateway API rendering", () => {
  it("renders a Gateway bound to the Portico-deployed Service (manual deployment)", () => {
    const { ctx, gw } = exampleContext("02-payments-split");
    const notes: NotExpressibleNote[] = [];
    const g = renderGatewayApiGateway(ctx, gw("payments-gateway"), notes) as any;
    expect(g.apiVersion).toBe("gateway.networking.k8s.io/v1");
    expect(g.spec.gatewayClassName).toBe("istio");
    expect(g.spec.addresses).toEqual([
      { type: "Hostname", value: "payments-gateway.payments.svc.cluster.local" },
    ]);
    expect(g.spec.listeners[0]).toMatchObject({
      hostname: "payments.my-company.io",
      port: 443,
      protocol: "HTTPS",
      tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "payments-tls" }] },
    });
    expect(notes).toEqual([]);
  });

  it("renders HTTPRoute rules and ReferenceGrants for cross-namespace backends", () => {
    const { t, ctx, gw } = exampleContext("02-payments-split");
    const notes: NotExpressibleNote[] = [];
    const [route, ...grants] = renderHttpRoute(ctx, t.routes[1]!, [gw("analytics-gateway")], notes) as any[];
    expect(route.spec.parentRefs).toEqual([
      {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        namespace: "analytics-gateway",
        name: "analytics-gateway",
      },
    ]);
    expect(route.spec.rules[0]).toEqual({
      matches: [{ path: { type: "PathPrefix", value: "/v1/events" }, method: "POST" }],
      backendRefs: [{ name: "ingest", namespace: "analytics-ingest", port: 8080 }],
    });
    expect(grants.map((g) => g.metadata.namespace)).toEqual(["analytics-ingest", "analytics-reports"]);
  });

  it("reports what cannot be expressed instead of dropping it", () => {
    const { t, ctx, gw } = exampleContext("02-payments-split");
    const notes: NotExpressibleNote[] = [];
    const route = structuredClone(t.routes[0]!);
    route.http[0]!.destinations[0]!.subset = "v1";
    route.http[0]!.match = [{ path: { regex: "/v1/payments/direct-deposits/.*" } }];
    route.http[0]!.rewrite = { uri: "/" };
    renderHttpRoute(ctx, route, [gw("payments-gateway")], notes);
    const messages = notes.map((n) => n.message).join("\n");
    expect(messages).toMatch(/subset v1/);
    expect(messages).toMatch(/rewrite/);
    expect(messages).toMatch(/retries/);
  });

  it("keeps shared-gateway and mesh bindings as Istio VirtualServices with a note", () => {
    const r = renderCluster(loadExample("01-payments-gateway"), "east", { format: "gateway-api" });
    expect(r.objects.filter((o) => o.kind === "HTTPRoute").map((o) => o.metadata.name)).toEqual([
      "analytics",
      "payments",
    ]);
    const vs = r.objects.filter((o) => o.kind === "VirtualService") as any[];
    expect(vs.map((v) => v.spec.gateways)).toEqual([
      ["istio-system/istio-ingressgateway"],
      ["istio-system/istio-ingressgateway"],
    ]);
    expect(
      r.notExpressible.some((n) => /shared gateway istio-system\/istio-ingressgateway/.test(n.message)),
    ).toBe(true);
    expect(r.objects.some((o) => o.apiVersion === "networking.istio.io/v1" && o.kind === "Gateway")).toBe(
      false,
    );
  });

  it("translates prefix rewrites and timeouts", () => {
    const { t, ctx, gw } = exampleContext("02-payments-split");
    const route = structuredClone(t.routes[0]!);
    route.http[0]!.rewrite = { uri: "/deposits" };
    const [r] = renderHttpRoute(ctx, route, [gw("payments-gateway")], []) as any[];
    expect(r.spec.rules[0].filters).toEqual([
      {
        type: "URLRewrite",
        urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/deposits" } },
      },
    ]);
    expect(r.spec.rules[0].timeouts).toEqual({ request: "10s" });
  });
});
