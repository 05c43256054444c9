import { describe, expect, it } from "vitest";
import { type K8sObject, type Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { checkContract } from "./check-contract";

const step = (s: Parameters<typeof loadExample>[0]): Topology => structuredClone(loadExample(s));

/** The shared gateway as the cluster holds it once the platform team removed the product hosts. */
const sharedGateway = (hosts: string[]): K8sObject => ({
  apiVersion: "networking.istio.io/v1",
  kind: "Gateway",
  metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
  spec: {
    selector: { istio: "ingressgateway" },
    servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts }],
  },
});

describe("checkContract", () => {
  it("holds for the steps of the reference journey that keep every gateway's hosts routed", () => {
    for (const [a, b] of [
      ["00-shared-ingress", "01-payments-gateway"],
      ["02-payments-split", "03-payments-west"],
    ] as const) {
      const r = checkContract(step(a), step(b));
      expect(r.broken).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.checked).toBeGreaterThan(0);
    }
  });

  it("does not take a gateway the after-document no longer models for gone from the cluster", () => {
    const r = checkContract(step("01-payments-gateway"), step("02-payments-split"));
    expect(r.ok).toBe(false);
    expect(new Set(r.broken.map((b) => `${b.entry} ${b.host}${b.path}`))).toEqual(
      new Set([
        "istio-system/istio-ingressgateway payments.my-company.io/v1/payments*",
        "istio-system/istio-ingressgateway analytics.my-company.io/v1/events*",
        "istio-system/istio-ingressgateway analytics.my-company.io/v1/reports*",
      ]),
    );
    expect(r.broken.every((b) => /still exposes .* on port 443/.test(b.reason))).toBe(true);
    // Once the cluster shows the shared gateway without those hosts, the step holds; the split
    // moves call classes to declared successors, which are reported as changed.
    const live = { east: [sharedGateway(["other.my-company.io"])] };
    const held = checkContract(step("01-payments-gateway"), step("02-payments-split"), { live });
    expect(held.broken).toEqual([]);
    expect(held.changed.map((c) => `${c.entry} ${c.path} ${c.after.join()}`).sort()).toEqual([
      "mesh /v1/payments/cards* payments/credit-card",
      "mesh /v1/payments/direct-deposits* payments/direct-deposit",
      "payments/payments-gateway /v1/payments/cards* payments/credit-card",
      "payments/payments-gateway /v1/payments/direct-deposits* payments/direct-deposit",
    ]);
  });

  it("counts a live gateway the documents never modelled as an entry whose calls must keep working", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    after.routes[0]!.gateways = ["payments/payments-gateway"];
    const vs: K8sObject = {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: {
        name: "payments",
        namespace: "payments",
        labels: { "app.kubernetes.io/managed-by": "portico" },
      },
      spec: {
        hosts: ["payments.my-company.io"],
        gateways: ["payments/payments-gateway", "istio-system/istio-ingressgateway"],
        http: [
          {
            match: [{ uri: { prefix: "/v1/payments" } }],
            route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 } } }],
          },
        ],
      },
    };
    const live = { east: [sharedGateway(["payments.my-company.io"]), vs] };
    const r = checkContract(before, after, { live });
    expect(r.ok).toBe(false);
    expect(r.broken[0]).toMatchObject({
      entry: "istio-system/istio-ingressgateway",
      host: "payments.my-company.io",
      path: "/v1/payments*",
      before: ["payments/payments"],
      after: [],
    });
  });

  it("finds a deliberately dropped route and says exactly which calls break", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    after.routes[1]!.http = after.routes[1]!.http.filter((r) => r.name !== "reports");
    const r = checkContract(before, after);
    expect(r.ok).toBe(false);
    expect(r.broken.map((b) => `${b.method} ${b.host}${b.path}`)).toEqual([
      "any method analytics.my-company.io/v1/reports*",
    ]);
    expect(r.broken[0]).toMatchObject({
      cluster: "east",
      before: ["analytics-reports/reports"],
      after: [],
      reason: expect.stringMatching(/404/),
    });
  });

  it("accepts a split to declared successors and refuses routing back to a non-successor", () => {
    const noSuccessors = step("02-payments-split");
    noSuccessors.successors = [];
    const broken = checkContract(step("02-payments-split"), noSuccessors).broken;
    expect(broken).toEqual([]);
    const r = checkContract(step("01-payments-gateway"), noSuccessors, {
      live: { east: [sharedGateway(["other.my-company.io"])] },
    });
    expect(new Set(r.broken.map((b) => b.path))).toEqual(
      new Set(["/v1/payments/cards*", "/v1/payments/direct-deposits*"]),
    );
    expect(r.broken[0]!.reason).toMatch(/neither the previous service nor a declared successor/);
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
    expect(broken.map((b) => `${b.method} ${b.path}`)).toEqual(["any method except GET /v1/reports*"]);
  });

  it("sees that a narrower exact match drops the rest of a prefix", () => {
    const before = step("00-shared-ingress");
    const after = step("00-shared-ingress");
    after.routes[0]!.http[0]!.match = [{ path: { exact: "/v1/payments" } }];
    const broken = checkContract(before, after).broken;
    expect(broken.map((b) => b.path)).toEqual(["/v1/payments* except /v1/payments"]);
  });

  it("decides headers and regexes exactly", () => {
    const before = step("00-shared-ingress");
    before.routes[0]!.http.unshift({
      name: "canary",
      match: [{ path: { regex: "/v1/payments/[0-9]+" }, headers: { "x-canary": { exact: "1" } } }],
      destinations: [{ service: "payments" }],
    });
    before.services.push({ ...before.services[0]!, name: "credit-card" });
    const after = structuredClone(before);
    after.routes[0]!.http[0]!.destinations = [{ service: "credit-card", namespace: "payments" }];
    const r = checkContract(before, after);
    expect(r.ok).toBe(false);
    expect(r.broken).toHaveLength(1);
    expect(r.broken[0]).toMatchObject({
      path: "~/v1/payments/[0-9]+",
      headers: { "x-canary": "1" },
      after: ["payments/credit-card"],
    });
    // A regex rule that takes over exactly what a prefix rule served keeps the contract.
    const exact = structuredClone(before);
    exact.routes[0]!.http[0]!.match = [{ path: { regex: "/v1/payments/[0-9]+" } }];
    const same = structuredClone(exact);
    same.routes[0]!.http.splice(0, 1);
    same.routes[0]!.http.unshift({
      match: [{ path: { regex: "/v1/payments/(0|[1-9][0-9]*|0[0-9]+)" } }],
      destinations: [{ service: "payments" }],
    });
    expect(checkContract(exact, same).broken).toEqual([]);
  });

  it("breaks calls whose destination port the Service does not expose or that changes", () => {
    const before = step("02-payments-split");
    const moved = step("02-payments-split");
    moved.routes[0]!.http[2]!.destinations[0]!.port = 9090;
    const r = checkContract(before, moved);
    expect(r.broken.map((b) => b.reason)).toContain(
      "Service payments/payments does not expose port 9090 (503)",
    );
    moved.services.find((s) => s.name === "payments")!.ports.push({ name: "http-alt", port: 9090 });
    expect(checkContract(before, moved).broken.map((b) => b.reason)).toContain(
      "destination port of payments/payments changed from 8080 to 9090",
    );
  });

  it("checks every declared internal client calling every Service of the estate", () => {
    const before = step("02-payments-split");
    const after = step("02-payments-split");
    after.services.find((s) => s.name === "reports")!.ports = [{ name: "http", port: 9000 }];
    const r = checkContract(before, after);
    expect(r.broken).toContainEqual(
      expect.objectContaining({
        entry: "mesh",
        host: "reports.analytics-reports.svc.cluster.local",
        port: 8080,
        clients: ["checkout/checkout"],
        reason: "Service analytics-reports/reports does not expose port 8080 (503)",
      }),
    );
    // A mesh route for a Service host sends direct calls elsewhere: a broken call class too.
    const meshRoute = step("02-payments-split");
    meshRoute.routes.push({
      name: "ingest-mesh",
      product: "analytics",
      namespace: "analytics-ingest",
      host: "ingest.analytics-ingest.svc.cluster.local",
      gateways: ["mesh"],
      http: [{ match: [], destinations: [{ service: "reports", namespace: "analytics-reports" }] }],
    });
    expect(checkContract(before, meshRoute).broken).toContainEqual(
      expect.objectContaining({
        entry: "mesh",
        host: "ingest.analytics-ingest.svc.cluster.local",
        after: ["analytics-reports/reports"],
      }),
    );
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

  it("never says holds for a regex it cannot decide", () => {
    const before = step("02-payments-split");
    before.routes[0]!.http.unshift({
      match: [{ path: { regex: "/v1/\\pL+" } }],
      destinations: [{ service: "payments" }],
    });
    const r = checkContract(before, structuredClone(before));
    expect(r.ok).toBe(false);
    expect(r.broken[0]!.reason).toMatch(/cannot be proved: regex/);
  });
});
