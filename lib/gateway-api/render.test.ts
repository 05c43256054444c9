import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
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
    // Written in Gateway API's precedence order (the longer prefix first): the two never overlap.
    expect(route.spec.rules.map((r: any) => r.matches[0].path.value)).toEqual(["/v1/reports", "/v1/events"]);
    expect(route.spec.rules[1]).toEqual({
      matches: [{ path: { type: "PathPrefix", value: "/v1/events" }, method: "POST" }],
      backendRefs: [{ name: "ingest", namespace: "analytics-ingest", port: 8080 }],
    });
    expect(grants.map((g) => g.metadata.namespace)).toEqual(["analytics-reports", "analytics-ingest"]);
  });

  it("reports what cannot be expressed instead of dropping it", () => {
    const { t, ctx, gw } = exampleContext("02-payments-split");
    const notes: NotExpressibleNote[] = [];
    const route = structuredClone(t.routes[0]!);
    route.http[0]!.match = [{ path: { prefix: "/v1/payments/direct-deposits" } }, { path: { exact: "/dd" } }];
    route.http[0]!.rewrite = { uri: "/" };
    renderHttpRoute(ctx, route, [gw("payments-gateway")], notes);
    const messages = notes.map((n) => n.message).join("\n");
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

  it("sends a subset canary to a Service per subset, selecting the subset's pods", () => {
    const t = structuredClone(loadExample("02-payments-split"));
    const svc = t.services.find((x) => x.name === "payments")!;
    svc.selector = { app: "payments" };
    svc.ports = [{ name: "http", port: 8080, targetPort: 9090 }];
    svc.subsets = [
      { name: "v1", labels: { version: "v1" } },
      { name: "v2", labels: { version: "v2" } },
    ];
    t.routes[0]!.http[2]!.destinations = [
      { service: "payments", namespace: "payments", port: 8080, subset: "v1", weight: 90 },
      { service: "payments", namespace: "payments", port: 8080, subset: "v2", weight: 10 },
    ];
    // A second route to the same subset needs the same Service: it is rendered once.
    t.routes.push({ ...structuredClone(t.routes[0]!), name: "payments-b", host: "pay.my-company.io" });
    const r = renderCluster(t, "east", { format: "gateway-api" });
    const route = r.objects.find((o) => o.kind === "HTTPRoute" && o.metadata.name === "payments") as any;
    expect(route.spec.rules[2].backendRefs).toEqual([
      { name: "payments-v1", namespace: "payments", port: 8080, weight: 90 },
      { name: "payments-v2", namespace: "payments", port: 8080, weight: 10 },
    ]);
    const versions = r.objects.filter(
      (o) => o.kind === "Service" && /^payments-v/.test(o.metadata.name),
    ) as any[];
    expect(versions.map((v) => [v.metadata.name, v.spec.selector, v.spec.ports])).toEqual([
      [
        "payments-v1",
        { app: "payments", version: "v1" },
        [{ name: "http", port: 8080, targetPort: 9090, protocol: "TCP" }],
      ],
      [
        "payments-v2",
        { app: "payments", version: "v2" },
        [{ name: "http", port: 8080, targetPort: 9090, protocol: "TCP" }],
      ],
    ]);
    expect(r.notExpressible.some((n) => n.code)).toBe(false);
  });

  it("refuses a subset canary when the service's selector is not declared (PTC043)", () => {
    const t = structuredClone(loadExample("02-payments-split"));
    const svc = t.services.find((x) => x.name === "payments")!;
    svc.subsets = [{ name: "v2", labels: { version: "v2" } }];
    t.routes[0]!.http[2]!.destinations = [
      { service: "payments", namespace: "payments", port: 8080, weight: 90 },
      { service: "payments", namespace: "payments", port: 8080, subset: "v2", weight: 10 },
    ];
    const r = renderCluster(t, "east", { format: "gateway-api" });
    expect(r.objects.some((o) => o.kind === "HTTPRoute" && o.metadata.name === "payments")).toBe(false);
    const refused = r.notExpressible.filter((n) => n.code === "PTC043");
    expect(refused.map((n) => n.message)).toEqual([
      expect.stringMatching(/subset v2 of payments.*declares no selector/),
    ]);
    const findings = analyze(t).filter((f) => f.code === "PTC043");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.hint).toMatch(/selector/);
    // The Istio output is unaffected: the VirtualService keeps the subset.
    svc.selector = { app: "payments", version: "v1" };
    expect(analyze(t).find((f) => f.code === "PTC043")?.message).toMatch(/version=v2.*version=v1/);
  });

  it("writes the rules in precedence order when routing stays the same", () => {
    const { t, ctx, gw } = exampleContext("02-payments-split");
    const route = structuredClone(t.routes[0]!);
    // Istio order: general prefix last already; add an exact path after it, disjoint from nothing.
    route.http.push({
      name: "health",
      match: [{ path: { exact: "/healthz" } }],
      destinations: [{ service: "payments", namespace: "payments", port: 8080 }],
    });
    const [r] = renderHttpRoute(ctx, route, [gw("payments-gateway")], []) as any[];
    expect(r.spec.rules.map((x: any) => x.matches[0].path.value)).toEqual([
      "/healthz",
      "/v1/payments/direct-deposits",
      "/v1/payments/cards",
      "/v1/payments",
    ]);
  });

  it("refuses a route whose rule Gateway API's precedence would overtake (PTC044)", () => {
    const t = structuredClone(loadExample("02-payments-split"));
    // Istio: POST /v1/payments/cards/x goes to payments-api (first); Gateway API prefers the longer prefix.
    const http = t.routes[0]!.http;
    http.unshift({
      name: "writes",
      match: [{ path: { prefix: "/v1/payments" }, method: "POST" }],
      destinations: [{ service: "payments", namespace: "payments", port: 8080 }],
    });
    const r = renderCluster(t, "east", { format: "gateway-api" });
    expect(r.objects.some((o) => o.kind === "HTTPRoute" && o.metadata.name === "payments")).toBe(false);
    const [f] = analyze(t).filter((x) => x.code === "PTC044");
    expect(f!.message).toMatch(
      /POST \/v1\/payments\/(direct-deposits|cards)\*.*Istio takes rule "writes".*takes rule "(direct-deposit|credit-card)"/,
    );
    // Requests the two rules share but that answer alike are no reason to refuse.
    http[0]!.destinations = structuredClone(http[1]!.destinations);
    http[0]!.timeout = http[1]!.timeout;
    expect(
      analyze(t)
        .filter((x) => x.code === "PTC044")
        .map((x) => x.message),
    ).toEqual([expect.stringMatching(/POST \/v1\/payments\/cards\*/)]);
  });
});
