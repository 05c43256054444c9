import { describe, expect, it } from "vitest";
import { type KObject } from "../json";
import { gatewayApiPortPlan, gatewayApiTls, replacePrefix, routeGatewayApi } from "./gateway-api-route";
import { re2FullMatch } from "./regex";
import {
  clusterConfig,
  gateway,
  httpRoute,
  namespace,
  pickAt,
  pickFirst,
  request,
  service,
  serviceGrant,
  tlsSecret,
} from "./gateway-api-test-config";
import { type ClusterConfig, type RouteDecision } from "./types";

const http80 = { name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "All" } } };

function forwardHost(d: RouteDecision): string {
  if (d.kind !== "forward") throw new Error(`expected forward, got ${JSON.stringify(d)}`);
  return `${d.destination.host}:${d.destination.port}`;
}

function rule(backend: string, matches?: KObject[], extra: KObject = {}): KObject {
  return { ...(matches ? { matches } : {}), backendRefs: [{ name: backend, port: 8080 }], ...extra };
}

describe("routeGatewayApi: HTTP routing", () => {
  // https://gateway-api.sigs.k8s.io/guides/http-routing/ : foo-route and bar-route on example-gateway.
  const config = clusterConfig({
    k8sGateways: [gateway("default", "example-gateway", [{ name: "prod-web", port: 80, protocol: "HTTP" }])],
    services: ["foo-svc", "bar-svc", "bar-svc-canary"].map((s) => service("default", s)),
    httpRoutes: [
      httpRoute("default", "foo-route", {
        parentRefs: [{ name: "example-gateway" }],
        hostnames: ["foo.example.com"],
        rules: [rule("foo-svc", [{ path: { type: "PathPrefix", value: "/login" } }])],
      }),
      httpRoute("default", "bar-route", {
        parentRefs: [{ name: "example-gateway" }],
        hostnames: ["bar.example.com"],
        rules: [
          rule("bar-svc-canary", [{ headers: [{ type: "Exact", name: "env", value: "canary" }] }]),
          rule("bar-svc"),
        ],
      }),
    ],
  });
  const gw = "default/example-gateway";

  it("routes by hostname and path prefix, and answers no-route otherwise", () => {
    const d = routeGatewayApi(config, gw, request("foo.example.com", "/login?next=/"), pickFirst);
    expect(forwardHost(d)).toBe("foo-svc.default.svc.cluster.local:8080");
    expect(d).toMatchObject({
      path: "/login?next=/",
      host: "foo.example.com",
      routeObject: "default/foo-route",
    });
    expect(routeGatewayApi(config, gw, request("foo.example.com", "/logout"), pickFirst).kind).toBe(
      "no-route",
    );
    expect(routeGatewayApi(config, gw, request("baz.example.com", "/login"), pickFirst).kind).toBe(
      "no-route",
    );
  });

  it("sends the canary header to the canary backend and the rest to the default", () => {
    const canary = request("bar.example.com", "/", { headers: { env: "canary" } });
    expect(forwardHost(routeGatewayApi(config, gw, canary, pickFirst))).toBe(
      "bar-svc-canary.default.svc.cluster.local:8080",
    );
    expect(forwardHost(routeGatewayApi(config, gw, request("bar.example.com", "/"), pickFirst))).toBe(
      "bar-svc.default.svc.cluster.local:8080",
    );
  });

  it("answers no-route for a Gateway Istio does not own", () => {
    const other = clusterConfig({
      ...config,
      k8sGateways: [gateway("default", "example-gateway", [http80], { spec: { gatewayClassName: "other" } })],
      gatewayClasses: [
        { metadata: { name: "other" }, spec: { controllerName: "example.com/gateway-controller" } },
      ],
    });
    expect(routeGatewayApi(other, gw, request("foo.example.com", "/login"), pickFirst).kind).toBe("no-route");
  });
});

describe("routeGatewayApi: precedence across all rules of all routes", () => {
  // HTTPRouteRule.matches, https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule : exact path,
  // then longest prefix, then method, then most headers, then most query params; ties by oldest
  // route, then "{namespace}/{name}", then rule order. The rules below are listed in reverse order.
  const config = clusterConfig({
    k8sGateways: [gateway("default", "gw", [http80])],
    services: ["by-query", "by-headers", "by-method", "short-prefix", "long-prefix", "exact"].map((s) =>
      service("default", s),
    ),
    httpRoutes: [
      httpRoute("default", "api", {
        parentRefs: [{ name: "gw" }],
        rules: [
          rule("by-query", [
            { path: { type: "PathPrefix", value: "/api" }, queryParams: [{ name: "v", value: "2" }] },
          ]),
          rule("by-headers", [
            {
              path: { type: "PathPrefix", value: "/api" },
              headers: [
                { name: "x-a", value: "1" },
                { name: "x-b", value: "1" },
              ],
            },
          ]),
          rule("by-method", [{ path: { type: "PathPrefix", value: "/api" }, method: "POST" }]),
          rule("short-prefix", [{ path: { type: "PathPrefix", value: "/api" } }]),
          rule("long-prefix", [{ path: { type: "PathPrefix", value: "/api/v1" } }]),
          rule("exact", [{ path: { type: "Exact", value: "/api/v1/users" } }]),
        ],
      }),
    ],
  });
  const route = (path: string, extra = {}) =>
    forwardHost(
      routeGatewayApi(config, "default/gw", request("any.example.com", path, extra), pickFirst),
    ).split(".")[0];
  const everything = { method: "POST", headers: { "x-a": "1", "x-b": "1" } };

  it("prefers an exact path over a longer-listed prefix, whatever the rule order", () => {
    expect(route("/api/v1/users?v=2", everything)).toBe("exact");
  });
  it("prefers the longest prefix over method and header matches", () => {
    expect(route("/api/v1/orders?v=2", everything)).toBe("long-prefix");
  });
  it("then a method match, then the largest number of header matches, then query params", () => {
    expect(route("/api/x?v=2", everything)).toBe("by-method");
    expect(route("/api/x?v=2", { headers: everything.headers })).toBe("by-headers");
    expect(route("/api/x?v=2")).toBe("by-query");
    expect(route("/api/x")).toBe("short-prefix");
  });

  it("breaks ties by the oldest route, then by namespace/name, then rule order", () => {
    const twin = (name: string, backend: string, created: string) =>
      httpRoute(
        "default",
        name,
        {
          parentRefs: [{ name: "gw" }],
          rules: [rule(backend, [{ path: { type: "PathPrefix", value: "/x" } }])],
        },
        { creationTimestamp: created },
      );
    const services = ["a", "b", "c"].map((s) => service("default", s));
    const base = { k8sGateways: [gateway("default", "gw", [http80])], services };
    const older = clusterConfig({
      ...base,
      httpRoutes: [twin("zz", "a", "2026-01-01T00:00:00Z"), twin("aa", "b", "2026-02-01T00:00:00Z")],
    });
    expect(routeGatewayApi(older, "default/gw", request("h", "/x"), pickFirst)).toMatchObject({
      routeObject: "default/zz",
    });
    const same = clusterConfig({
      ...base,
      httpRoutes: [twin("zz", "a", "2026-01-01T00:00:00Z"), twin("aa", "b", "2026-01-01T00:00:00Z")],
    });
    expect(routeGatewayApi(same, "default/gw", request("h", "/x"), pickFirst)).toMatchObject({
      routeObject: "default/aa",
    });
    const rules = clusterConfig({
      ...base,
      httpRoutes: [
        httpRoute("default", "r", {
          parentRefs: [{ name: "gw" }],
          rules: [
            rule("c", [{ path: { type: "PathPrefix", value: "/x" } }]),
            rule("a", [{ path: { value: "/x" } }]),
          ],
        }),
      ],
    });
    expect(forwardHost(routeGatewayApi(rules, "default/gw", request("h", "/x"), pickFirst))).toMatch(/^c\./);
  });

  it("matches PathPrefix element by element and defaults a rule without matches to PathPrefix /", () => {
    const c = clusterConfig({
      k8sGateways: [gateway("default", "gw", [http80])],
      services: [service("default", "foo"), service("default", "rest")],
      httpRoutes: [
        httpRoute("default", "r", {
          parentRefs: [{ name: "gw" }],
          rules: [rule("foo", [{ path: { type: "PathPrefix", value: "/foo" } }]), rule("rest")],
        }),
      ],
    });
    const to = (p: string) =>
      forwardHost(routeGatewayApi(c, "default/gw", request("h", p), pickFirst)).split(".")[0];
    expect(to("/foo")).toBe("foo");
    expect(to("/foo/")).toBe("foo");
    expect(to("/foo/bar")).toBe("foo");
    expect(to("/foobar")).toBe("rest");
    expect(to("/")).toBe("rest");
  });

  it("matches RegularExpression paths and headers with RE2, in full, and never an invalid pattern", () => {
    expect(re2FullMatch("/v[0-9]+/.*", "/v12/users")).toBe(true);
    expect(re2FullMatch("/v[0-9]+", "/v12/users")).toBe(false);
    // Lookahead is not RE2: Istio rejects it, so it must not match here either.
    expect(re2FullMatch("(?=/v1).*", "/v1")).toBe(false);
    const c = clusterConfig({
      k8sGateways: [gateway("default", "gw", [http80])],
      services: [service("default", "versioned"), service("default", "rest")],
      httpRoutes: [
        httpRoute("default", "r", {
          parentRefs: [{ name: "gw" }],
          rules: [
            rule("versioned", [
              {
                path: { type: "RegularExpression", value: "/v[0-9]+/.*" },
                headers: [{ type: "RegularExpression", name: "User-Agent", value: "^curl/.*" }],
              },
            ]),
            rule("rest", [{ path: { type: "PathPrefix", value: "/v1" } }]),
          ],
        }),
      ],
    });
    const to = (p: string, ua?: string) =>
      routeGatewayApi(
        c,
        "default/gw",
        request("h", p, { headers: ua ? { "user-agent": ua } : {} }),
        pickFirst,
      );
    expect(forwardHost(to("/v2/users", "curl/8.0"))).toMatch(/^versioned\./);
    expect(to("/v2/users", "Mozilla/5.0").kind).toBe("no-route");
    expect(to("/v2", "curl/8.0").kind).toBe("no-route");
    // Regular expressions rank below every prefix (implementation-specific; Istio's order).
    expect(forwardHost(to("/v1/users", "curl/8.0"))).toMatch(/^rest\./);
  });
});

describe("routeGatewayApi: hostnames, listeners and parents", () => {
  it("intersects listener and route hostnames, wildcard listeners included", () => {
    // https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames) : "*.example.com"
    // matches "foo.example.com" and "foo.test.example.com" but not "example.com".
    const c = clusterConfig({
      k8sGateways: [
        gateway("default", "gw", [{ name: "wild", port: 80, protocol: "HTTP", hostname: "*.example.com" }]),
      ],
      services: [service("default", "s"), service("default", "t")],
      httpRoutes: [
        httpRoute("default", "exact", {
          parentRefs: [{ name: "gw" }],
          hostnames: ["foo.example.com", "foo.other.org"],
          rules: [rule("s")],
        }),
        httpRoute("default", "wild", {
          parentRefs: [{ name: "gw" }],
          hostnames: ["*.example.com"],
          rules: [rule("t")],
        }),
        httpRoute("default", "outside", {
          parentRefs: [{ name: "gw" }],
          hostnames: ["bar.other.org"],
          rules: [rule("s")],
        }),
      ],
    });
    const to = (host: string) => routeGatewayApi(c, "default/gw", request(host, "/"), pickFirst);
    // The exact hostname is more specific than the wildcard: its route wins.
    expect(to("foo.example.com")).toMatchObject({ routeObject: "default/exact" });
    expect(to("a.b.example.com")).toMatchObject({ routeObject: "default/wild" });
    expect(to("example.com").kind).toBe("no-route");
    // foo.other.org is outside the listener's hostname, so the route does not serve it there.
    expect(to("foo.other.org").kind).toBe("no-route");
    expect(to("bar.other.org").kind).toBe("no-route");
  });

  it("attaches through sectionName only to the named listener", () => {
    const c = clusterConfig({
      k8sGateways: [
        gateway("default", "gw", [
          { name: "public", port: 80, protocol: "HTTP" },
          { name: "admin", port: 8080, protocol: "HTTP" },
        ]),
      ],
      services: [service("default", "admin")],
      httpRoutes: [
        httpRoute("default", "admin", {
          parentRefs: [{ name: "gw", sectionName: "admin" }],
          rules: [rule("admin")],
        }),
      ],
    });
    expect(
      routeGatewayApi(c, "default/gw", request("h", "/", { port: 8080, targetPort: 8080 }), pickFirst).kind,
    ).toBe("forward");
    expect(routeGatewayApi(c, "default/gw", request("h", "/"), pickFirst).kind).toBe("no-route");
  });

  it("lets routes of other namespaces attach only when allowedRoutes says All or selects them", () => {
    // https://gateway-api.sigs.k8s.io/guides/multiple-ns/ : a shared Gateway in infra-ns; store-ns
    // is labelled shared-gateway-access=true.
    const routes = [
      httpRoute("store-ns", "store", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns" }],
        rules: [rule("store")],
      }),
    ];
    const base = {
      namespaces: [
        namespace("infra-ns"),
        namespace("store-ns", { "shared-gateway-access": "true" }),
        namespace("site-ns"),
      ],
      services: [service("store-ns", "store"), service("site-ns", "site")],
    };
    const withFrom = (allowedRoutes: KObject | undefined, extraRoutes: KObject[] = []) =>
      clusterConfig({
        ...base,
        k8sGateways: [
          gateway("infra-ns", "shared-gateway", [
            { name: "http", port: 80, protocol: "HTTP", ...(allowedRoutes ? { allowedRoutes } : {}) },
          ]),
        ],
        httpRoutes: [...routes, ...extraRoutes],
      });
    const go = (c: ClusterConfig) =>
      routeGatewayApi(c, "infra-ns/shared-gateway", request("h", "/"), pickFirst).kind;
    expect(go(withFrom(undefined))).toBe("no-route"); // Same is the default.
    expect(go(withFrom({ namespaces: { from: "Same" } }))).toBe("no-route");
    expect(go(withFrom({ namespaces: { from: "All" } }))).toBe("forward");
    const selector = {
      namespaces: { from: "Selector", selector: { matchLabels: { "shared-gateway-access": "true" } } },
    };
    expect(go(withFrom(selector))).toBe("forward");
    const site = httpRoute("site-ns", "site", {
      parentRefs: [{ name: "shared-gateway", namespace: "infra-ns" }],
      hostnames: ["site.example.com"],
      rules: [rule("site")],
    });
    expect(
      routeGatewayApi(
        withFrom(selector, [site]),
        "infra-ns/shared-gateway",
        request("site.example.com", "/"),
        pickFirst,
      ),
    ).toMatchObject({
      kind: "forward",
      routeObject: "store-ns/store",
    });
    // A kinds list without HTTPRoute keeps HTTPRoutes out even from All namespaces.
    expect(go(withFrom({ namespaces: { from: "All" }, kinds: [{ kind: "GRPCRoute" }] }))).toBe("no-route");
  });
});

describe("routeGatewayApi: backends", () => {
  // https://gateway-api.sigs.k8s.io/guides/traffic-splitting/ : foo-v1 weight 90, foo-v2 weight 10.
  const split = (weights: [number | undefined, number | undefined]) =>
    clusterConfig({
      k8sGateways: [gateway("default", "gw", [http80])],
      services: [service("default", "foo-v1"), service("default", "foo-v2")],
      httpRoutes: [
        httpRoute("default", "foo-route", {
          parentRefs: [{ name: "gw" }],
          hostnames: ["foo.example.com"],
          rules: [
            {
              backendRefs: [
                { name: "foo-v1", port: 8080, ...(weights[0] === undefined ? {} : { weight: weights[0] }) },
                { name: "foo-v2", port: 8080, ...(weights[1] === undefined ? {} : { weight: weights[1] }) },
              ],
            },
          ],
        }),
      ],
    });
  const at = (c: ClusterConfig, n: number) =>
    forwardHost(routeGatewayApi(c, "default/gw", request("foo.example.com", "/"), pickAt(n))).split(".")[0];

  it("splits by weight (default 1) with the draw the caller makes", () => {
    expect(at(split([90, 10]), 0)).toBe("foo-v1");
    expect(at(split([90, 10]), 89)).toBe("foo-v1");
    expect(at(split([90, 10]), 90)).toBe("foo-v2");
    expect(at(split([undefined, undefined]), 1)).toBe("foo-v2");
    expect(at(split([0, 10]), 0)).toBe("foo-v2");
  });

  it("answers 500 when every weight is 0", () => {
    const d = routeGatewayApi(split([0, 0]), "default/gw", request("foo.example.com", "/"), pickFirst);
    expect(d).toMatchObject({ kind: "error", status: 500, routeObject: "default/foo-route" });
  });

  // https://gateway-api.sigs.k8s.io/api-types/referencegrant/ : an HTTPRoute in "foo" sending
  // traffic to Service "bar" in "bar" needs a ReferenceGrant in "bar".
  const crossNs = (grants: KObject[], services = [service("bar", "bar")]) =>
    clusterConfig({
      k8sGateways: [gateway("foo", "gw", [http80])],
      services,
      referenceGrants: grants,
      httpRoutes: [
        httpRoute("foo", "foo", {
          parentRefs: [{ name: "gw" }],
          rules: [{ backendRefs: [{ name: "bar", namespace: "bar", port: 80 }] }],
        }),
      ],
    });

  it("refuses a cross-namespace backend without a ReferenceGrant with a 500", () => {
    expect(routeGatewayApi(crossNs([]), "foo/gw", request("h", "/"), pickFirst)).toMatchObject({
      kind: "error",
      status: 500,
      flag: "NC",
      reason: expect.stringMatching(/^RefNotPermitted/),
    });
    // A grant for another namespace's routes does not count.
    expect(
      routeGatewayApi(crossNs([serviceGrant("bar", "elsewhere")]), "foo/gw", request("h", "/"), pickFirst)
        .kind,
    ).toBe("error");
  });

  it("forwards to a cross-namespace backend that a ReferenceGrant allows", () => {
    const d = routeGatewayApi(crossNs([serviceGrant("bar", "foo")]), "foo/gw", request("h", "/"), pickFirst);
    expect(d).toMatchObject({
      kind: "forward",
      destination: { host: "bar.bar.svc.cluster.local", port: 80, fromNamespace: "foo" },
    });
  });

  it("answers 500 for a backend Service that does not exist", () => {
    expect(
      routeGatewayApi(crossNs([serviceGrant("bar", "foo")], []), "foo/gw", request("h", "/"), pickFirst),
    ).toMatchObject({ kind: "error", status: 500, reason: expect.stringMatching(/^BackendNotFound/) });
  });

  it("sends only the invalid backend's share of requests to a 500", () => {
    const c = clusterConfig({
      k8sGateways: [gateway("default", "gw", [http80])],
      services: [service("default", "real")],
      httpRoutes: [
        httpRoute("default", "r", {
          parentRefs: [{ name: "gw" }],
          rules: [
            {
              backendRefs: [
                { name: "real", port: 8080, weight: 1 },
                { name: "missing", port: 8080, weight: 1 },
              ],
            },
          ],
        }),
      ],
    });
    expect(routeGatewayApi(c, "default/gw", request("h", "/"), pickAt(0)).kind).toBe("forward");
    expect(routeGatewayApi(c, "default/gw", request("h", "/"), pickAt(1)).kind).toBe("error");
  });
});

describe("routeGatewayApi: filters and timeouts", () => {
  // https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/
  const config = clusterConfig({
    k8sGateways: [gateway("default", "gw", [http80])],
    services: [service("default", "example-svc")],
    httpRoutes: [
      httpRoute("default", "http-filter-redirect", {
        parentRefs: [{ name: "gw" }],
        hostnames: ["redirect.example"],
        rules: [
          {
            filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }],
          },
        ],
      }),
      httpRoute("default", "http-filter-path-redirect", {
        parentRefs: [{ name: "gw" }],
        hostnames: ["path.redirect.example"],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/cayenne" } }],
            filters: [
              {
                type: "RequestRedirect",
                requestRedirect: {
                  path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/paprika" },
                  statusCode: 302,
                },
              },
            ],
          },
          {
            matches: [{ path: { type: "PathPrefix", value: "/full" } }],
            filters: [
              {
                type: "RequestRedirect",
                requestRedirect: {
                  hostname: "other.example",
                  port: 8443,
                  scheme: "https",
                  path: { type: "ReplaceFullPath", replaceFullPath: "/new" },
                },
              },
            ],
          },
        ],
      }),
      httpRoute("default", "http-filter-rewrite", {
        parentRefs: [{ name: "gw" }],
        hostnames: ["rewrite.example"],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/cardamom" } }],
            filters: [
              {
                type: "URLRewrite",
                urlRewrite: {
                  hostname: "elsewhere.example",
                  path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/fennel" },
                },
              },
            ],
            backendRefs: [{ name: "example-svc", port: 80 }],
            timeouts: { request: "1m30s" },
          },
          {
            matches: [{ path: { type: "PathPrefix", value: "/full" } }],
            filters: [
              {
                type: "URLRewrite",
                urlRewrite: { path: { type: "ReplaceFullPath", replaceFullPath: "/fennel" } },
              },
            ],
            backendRefs: [{ name: "example-svc", port: 80 }],
            timeouts: { request: "0s" },
          },
        ],
      }),
      // https://gateway-api.sigs.k8s.io/guides/http-header-modifier/
      httpRoute("default", "header-http-echo", {
        parentRefs: [{ name: "gw" }],
        hostnames: ["headers.example"],
        rules: [
          {
            filters: [
              {
                type: "RequestHeaderModifier",
                requestHeaderModifier: {
                  set: [{ name: "My-Header", value: "bar" }],
                  add: [{ name: "my-header-2", value: "foo" }],
                  remove: ["X-Request-Id"],
                },
              },
              {
                type: "ResponseHeaderModifier",
                responseHeaderModifier: { add: [{ name: "X-Header-Add-1", value: "header-add-1" }] },
              },
            ],
            backendRefs: [{ name: "example-svc", port: 80 }],
          },
        ],
      }),
    ],
  });
  const go = (host: string, path: string, extra = {}) =>
    routeGatewayApi(config, "default/gw", request(host, path, extra), pickFirst);

  it("redirects to https with the scheme's port left out, keeping path and query", () => {
    expect(go("redirect.example", "/a/b?c=d")).toEqual({
      kind: "redirect",
      status: 301,
      location: "https://redirect.example/a/b?c=d",
      routeObject: "default/http-filter-redirect",
    });
  });

  it("redirects replacing the matched prefix (302 by default) or the full path with an explicit port", () => {
    expect(go("path.redirect.example", "/cayenne/pinch")).toMatchObject({
      status: 302,
      location: "http://path.redirect.example/paprika/pinch",
    });
    expect(go("path.redirect.example", "/full/x")).toMatchObject({
      status: 302,
      location: "https://other.example:8443/new",
    });
  });

  it("rewrites hostname and prefix element-wise, and carries the request timeout", () => {
    expect(go("rewrite.example", "/cardamom/spice?x=1")).toMatchObject({
      kind: "forward",
      host: "elsewhere.example",
      path: "/fennel/spice?x=1",
      timeoutMs: 90_000,
    });
    const full = go("rewrite.example", "/full/anything");
    expect(full).toMatchObject({ kind: "forward", host: "rewrite.example", path: "/fennel" });
    expect(full).not.toHaveProperty("timeoutMs");
  });

  it("replaces prefixes as the spec's table says", () => {
    // https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
    const table: [string, string, string, string][] = [
      ["/foo/bar", "/foo", "/xyz", "/xyz/bar"],
      ["/foo/bar", "/foo", "/xyz/", "/xyz/bar"],
      ["/foo/bar", "/foo/", "/xyz", "/xyz/bar"],
      ["/foo/bar", "/foo/", "/xyz/", "/xyz/bar"],
      ["/foo", "/foo", "/xyz", "/xyz"],
      ["/foo/", "/foo", "/xyz", "/xyz/"],
      ["/foo/bar", "/foo", "", "/bar"],
      ["/foo/", "/foo", "", "/"],
      ["/foo", "/foo", "", "/"],
      ["/foo/", "/foo", "/", "/"],
      ["/foo", "/foo", "/", "/"],
    ];
    for (const [path, prefix, replacement, want] of table)
      expect(replacePrefix(path, prefix, replacement)).toBe(want);
  });

  it("applies a chosen backendRef's own header filters after the rule's", () => {
    const c = clusterConfig({
      k8sGateways: [gateway("default", "gw", [http80])],
      services: [service("default", "v1"), service("default", "v2")],
      httpRoutes: [
        httpRoute("default", "r", {
          parentRefs: [{ name: "gw" }],
          rules: [
            {
              filters: [
                {
                  type: "RequestHeaderModifier",
                  requestHeaderModifier: { set: [{ name: "x-version", value: "any" }] },
                },
              ],
              backendRefs: [
                { name: "v1", port: 80 },
                {
                  name: "v2",
                  port: 80,
                  filters: [
                    {
                      type: "RequestHeaderModifier",
                      requestHeaderModifier: {
                        set: [{ name: "x-version", value: "2" }],
                        remove: ["x-debug"],
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }),
      ],
    });
    expect(routeGatewayApi(c, "default/gw", request("h", "/"), pickAt(0))).toMatchObject({
      requestHeaders: { set: { "x-version": "any" } },
    });
    expect(routeGatewayApi(c, "default/gw", request("h", "/"), pickAt(1))).toMatchObject({
      requestHeaders: { set: { "x-version": "2" }, remove: ["x-debug"] },
    });
  });

  it("modifies request and response headers", () => {
    expect(go("headers.example", "/")).toMatchObject({
      kind: "forward",
      requestHeaders: {
        set: { "my-header": "bar" },
        add: { "my-header-2": "foo" },
        remove: ["x-request-id"],
      },
      responseHeaders: { add: { "x-header-add-1": "header-add-1" } },
    });
  });
});

describe("gatewayApiPortPlan and gatewayApiTls", () => {
  // What Portico renders (npm run portico -- render ... --format gateway-api): a Gateway naming its
  // own Service by hostname, one HTTPS listener terminating with a Secret of its namespace.
  const portico = gateway(
    "payments",
    "payments-gateway",
    [
      {
        name: "https",
        port: 443,
        protocol: "HTTPS",
        hostname: "payments.my-company.io",
        allowedRoutes: { namespaces: { from: "All" } },
        tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "payments-tls" }] },
      },
      {
        name: "wild",
        port: 443,
        protocol: "HTTPS",
        hostname: "*.my-company.io",
        tls: { certificateRefs: [{ kind: "Secret", name: "shared-tls", namespace: "certs" }] },
      },
      { name: "passthrough", port: 8443, protocol: "TLS", tls: { mode: "Passthrough" } },
    ],
    { spec: { addresses: [{ type: "Hostname", value: "payments-gateway.payments.svc.cluster.local" }] } },
  );
  const gatewaySvc = service("payments", "payments-gateway", [], {
    ports: [{ name: "https", port: 443, targetPort: 8443 }],
  });
  const base = {
    k8sGateways: [portico],
    services: [gatewaySvc, service("payments", "payments")],
    secrets: [tlsSecret("payments", "payments-tls"), tlsSecret("certs", "shared-tls")],
  };

  it("plans listener ports on the Service's target ports", () => {
    const c = clusterConfig(base);
    expect(gatewayApiPortPlan(c, "payments/payments-gateway", 443)).toEqual({
      port: 443,
      targetPort: 8443,
      protocol: "TLS",
    });
    expect(gatewayApiPortPlan(c, "payments/payments-gateway", 80)).toEqual({
      port: 80,
      targetPort: 80,
      protocol: "NONE",
    });
  });

  it("terminates with the listener whose hostname best fits the SNI", () => {
    const c = clusterConfig({ ...base, referenceGrants: [secretGrant()] });
    expect(gatewayApiTls(c, "payments/payments-gateway", 443, "payments.my-company.io")).toEqual({
      kind: "terminate",
      secretNamespace: "payments",
      secretName: "payments-tls",
    });
    expect(gatewayApiTls(c, "payments/payments-gateway", 443, "other.my-company.io")).toEqual({
      kind: "terminate",
      secretNamespace: "certs",
      secretName: "shared-tls",
    });
    expect(gatewayApiTls(c, "payments/payments-gateway", 443, "payments.example.com").kind).toBe("refuse");
    expect(gatewayApiTls(c, "payments/payments-gateway", 443, undefined).kind).toBe("refuse");
  });

  it("refuses a cross-namespace certificate without a ReferenceGrant, a missing secret, and passthrough", () => {
    const c = clusterConfig(base);
    expect(gatewayApiTls(c, "payments/payments-gateway", 443, "other.my-company.io")).toMatchObject({
      kind: "refuse",
      reason: expect.stringMatching(/ReferenceGrant/),
    });
    const noSecret = clusterConfig({ ...base, secrets: [] });
    expect(gatewayApiTls(noSecret, "payments/payments-gateway", 443, "payments.my-company.io")).toMatchObject(
      {
        kind: "refuse",
        reason: expect.stringMatching(/not found/),
      },
    );
    expect(gatewayApiTls(c, "payments/payments-gateway", 8443, "x.my-company.io")).toMatchObject({
      kind: "refuse",
      reason: expect.stringMatching(/passthrough/),
    });
  });

  it("routes a terminated request only through the listener its SNI chose", () => {
    const c = clusterConfig({
      ...base,
      referenceGrants: [secretGrant()],
      httpRoutes: [
        httpRoute("payments", "payments", {
          parentRefs: [
            {
              group: "gateway.networking.k8s.io",
              kind: "Gateway",
              namespace: "payments",
              name: "payments-gateway",
              sectionName: "https",
            },
          ],
          hostnames: ["payments.my-company.io"],
          rules: [
            {
              matches: [
                {
                  path: { type: "PathPrefix", value: "/v1/payments" },
                  headers: [{ type: "RegularExpression", name: "x-tenant", value: "^acme.*" }],
                },
              ],
              backendRefs: [{ name: "payments", namespace: "payments", port: 8080 }],
              timeouts: { request: "10s" },
            },
          ],
        }),
      ],
    });
    const req = request("payments.my-company.io", "/v1/payments/42", {
      port: 443,
      targetPort: 8443,
      tls: true,
      sni: "payments.my-company.io",
      headers: { "x-tenant": "acme-eu" },
    });
    expect(routeGatewayApi(c, "payments/payments-gateway", req, pickFirst)).toMatchObject({
      kind: "forward",
      destination: { host: "payments.payments.svc.cluster.local", port: 8080 },
      timeoutMs: 10_000,
    });
    // Plain HTTP on the HTTPS port finds no route, nor does a Host served only by another
    // listener than the one the SNI chose.
    expect(routeGatewayApi(c, "payments/payments-gateway", { ...req, tls: false }, pickFirst).kind).toBe(
      "no-route",
    );
    expect(
      routeGatewayApi(c, "payments/payments-gateway", { ...req, sni: "x.my-company.io" }, pickFirst).kind,
    ).toBe("no-route");
  });
});

function secretGrant(): KObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1beta1",
    kind: "ReferenceGrant",
    metadata: { namespace: "certs", name: "gateways-may-read" },
    spec: {
      from: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "payments" }],
      to: [{ group: "", kind: "Secret" }],
    },
  };
}
