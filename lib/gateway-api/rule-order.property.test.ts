import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseTopology,
  type HttpRule,
  type RouteMatch,
  type StringMatch,
  type Topology,
} from "@/lib/topology";
import { renderCluster } from "@/lib/istio/render-cluster";
import { routeGatewayApi } from "@/lib/sim/dataplane/gateway-api-route";
import { clusterConfig, pickFirst, request, service } from "@/lib/sim/dataplane/gateway-api-test-config";
import { re2FullMatch } from "@/lib/sim/dataplane/regex";
import type { KObject } from "@/lib/sim/json";
import { gatewayApiPrefixGaps } from "./rule-order";

/**
 * Random routes, random requests: each request is routed by Istio's first match on the topology
 * and by the demo data plane's Gateway API router on the rendered HTTPRoute. Whenever the renderer
 * did not refuse the route, both pick the same backend (except on the paths where a PathPrefix
 * and a character prefix differ, which the renderer names in a note).
 */

const HOST = "shop.example.com";
const SERVICES = ["s0", "s1", "s2", "s3"];

function stringMatches(m: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  return re2FullMatch(m.regex ?? "", value);
}

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
}

function istioMatch(m: RouteMatch, r: Req): boolean {
  if (m.path && !stringMatches(m.path, r.path)) return false;
  if (m.method && m.method !== r.method) return false;
  return Object.entries(m.headers ?? {}).every(([k, v]) => stringMatches(v, r.headers[k]));
}

/** Istio's VirtualService: the first rule with a matching match (none: every request). */
function istioBackend(rules: HttpRule[], r: Req): string | undefined {
  const rule = rules.find((x) => x.match.length === 0 || x.match.some((m) => istioMatch(m, r)));
  return rule?.destinations[0]?.service;
}

function topology(http: unknown[]): Topology {
  const parsed = parseTopology({
    apiVersion: "portico.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: "prop" },
    clusters: [{ name: "east", region: "us-east-1", zone: "us-east-1a" }],
    products: [{ name: "shop", teams: ["shop"], namespaces: ["shop"], hosts: [HOST] }],
    gateways: [
      {
        name: "shop-gateway",
        namespace: "shop-gateway",
        mode: "product",
        product: "shop",
        placement: [{ cluster: "east" }],
        listeners: [{ name: "http", port: 80, protocol: "HTTP", hosts: [HOST] }],
      },
    ],
    routes: [{ name: "shop", product: "shop", host: HOST, gateways: ["shop-gateway/shop-gateway"], http }],
    services: SERVICES.map((name) => ({
      name,
      namespace: "shop",
      product: "shop",
      ports: [{ name: "http", port: 8080 }],
      clusters: ["east"],
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.topology;
}

const segment = fc.constantFrom("a", "b", "ab");
const pathText = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([segs, slash]) => `/${segs.join("/")}${slash ? "/" : ""}`);
const pathMatch: fc.Arbitrary<StringMatch> = fc.oneof(
  pathText.map((exact) => ({ exact })),
  pathText.map((prefix) => ({ prefix })),
  fc.constant({ prefix: "/" }),
  fc.constantFrom("/a/.*", "/[ab]+", "/a(/b)?", "/.*b").map((regex) => ({ regex })),
);
const headerMatch: fc.Arbitrary<StringMatch> = fc.oneof(
  fc.constantFrom("1", "2").map((exact) => ({ exact })),
  fc.constant({ prefix: "1" }),
  fc.constant({ regex: "[12]" }),
);
const match: fc.Arbitrary<RouteMatch> = fc
  .record(
    {
      path: pathMatch,
      method: fc.constantFrom("GET", "POST") as fc.Arbitrary<"GET" | "POST">,
      headers: fc.dictionary(fc.constantFrom("x-a", "x-b"), headerMatch, { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((m) => (m.headers && Object.keys(m.headers).length === 0 ? { ...m, headers: undefined } : m))
  .map((m) => JSON.parse(JSON.stringify(m)) as RouteMatch);
const rule = fc.record({
  match: fc.array(match, { minLength: 0, maxLength: 2 }),
  destinations: fc.constantFrom(...SERVICES).map((s) => [{ service: s }]),
});
const req: fc.Arbitrary<Req> = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT"),
  path: fc.oneof(
    pathText,
    fc
      .array(fc.constantFrom("a", "b", "ab", "abb", ""), { minLength: 1, maxLength: 3 })
      .map((s) => `/${s.join("/")}`),
  ),
  headers: fc.dictionary(fc.constantFrom("x-a", "x-b"), fc.constantFrom("1", "12", "2", "3"), { maxKeys: 2 }),
});

function gatewayApiBackend(objects: KObject[], r: Req): string | undefined {
  const config = clusterConfig({
    k8sGateways: objects.filter((o) => o.kind === "Gateway"),
    httpRoutes: objects.filter((o) => o.kind === "HTTPRoute"),
    referenceGrants: objects.filter((o) => o.kind === "ReferenceGrant"),
    namespaces: objects.filter((o) => o.kind === "Namespace"),
    services: [
      ...objects.filter((o) => o.kind === "Service"),
      ...SERVICES.map((s) => service("shop", s, [8080])),
    ],
  });
  const d = routeGatewayApi(
    config,
    "shop-gateway/shop-gateway",
    request(HOST, r.path, { method: r.method, headers: r.headers }),
    pickFirst,
  );
  if (d.kind === "no-route") return undefined;
  if (d.kind !== "forward") throw new Error(`unexpected decision ${JSON.stringify(d)}`);
  return d.destination.host.split(".")[0];
}

describe("Gateway API rendering routes as the Istio output (property)", () => {
  it("agrees with Istio's first match on every request whenever it renders the route", () => {
    let rendered = 0;
    let refused = 0;
    let compared = 0;
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 1, maxLength: 5 }),
        fc.array(req, { minLength: 20, maxLength: 40 }),
        (http, reqs) => {
          const t = topology(http);
          const r = renderCluster(t, "east", { format: "gateway-api" });
          if (r.notExpressible.some((n) => n.code === "PTC044")) {
            refused++;
            return;
          }
          rendered++;
          const route = t.routes[0]!;
          const gaps = gatewayApiPrefixGaps(route);
          for (const q of reqs) {
            if (gaps.some((g) => stringMatches(g, q.path))) continue;
            compared++;
            const want = istioBackend(route.http, q);
            const got = gatewayApiBackend(r.objects as KObject[], q);
            if (want !== got)
              throw new Error(
                `${q.method} ${q.path} ${JSON.stringify(q.headers)}: Istio ${want}, Gateway API ${got}\n${JSON.stringify(route.http)}`,
              );
          }
        },
      ),
      { numRuns: 300, seed: 20261130 },
    );
    // The property has teeth only if both outcomes occur.
    expect(rendered).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(10);
    expect(compared).toBeGreaterThan(1000);
  });
});
