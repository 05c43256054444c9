// Gateway HTTP routing, one case per documented semantic. Unless said otherwise the cases come from
// istio.io/latest/docs/reference/config/networking/virtual-service/ (VS) and
// istio.io/latest/docs/reference/config/networking/gateway/ (Gateway), bound to a gateway here.
import { describe, expect, it } from "vitest";
import { type KObject } from "../json";
import { routeIstioGateway } from "./istio-route";
import {
  configWith,
  firstPick,
  istioGateway,
  pickAt,
  request,
  virtualService,
  workload,
} from "./test-config";
import { type InboundRequest, type Pick } from "./types";

const ingress = workload("istio-system/istio-ingressgateway", {
  istio: "ingressgateway",
  app: "istio-ingressgateway",
});

const sharedGateway = istioGateway("istio-system/shared", {
  selector: { istio: "ingressgateway" },
  servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
});

/** A VirtualService bound to the shared gateway. */
function gwVs(ref: string, spec: KObject, opts?: { creationTimestamp?: string }) {
  return virtualService(ref, { gateways: ["istio-system/shared"], ...spec }, opts);
}

function route(objects: KObject[], req: InboundRequest, pick: Pick = firstPick) {
  return routeIstioGateway(configWith(sharedGateway, ...objects), ingress, req, pick);
}

/** "host|subset path" of a forward, or the decision kind. */
function where(objects: KObject[], req: InboundRequest, pick: Pick = firstPick): string {
  const d = route(objects, req, pick);
  if (d.kind !== "forward") return d.kind;
  return `${d.destination.host}${d.destination.subset ? `|${d.destination.subset}` : ""} ${d.path}`;
}

const dest = (host: string, subset?: string) => ({ destination: { host, ...(subset ? { subset } : {}) } });

describe("routeIstioGateway: matching", () => {
  // VS: the reviews-route example ("reviews-v2-routes" rewrites /wpcatalog and /consumercatalog to /newcatalog).
  const reviewsRoute = gwVs("prod/reviews-route", {
    hosts: ["reviews.example.com"],
    http: [
      {
        name: "reviews-v2-routes",
        match: [{ uri: { prefix: "/wpcatalog" } }, { uri: { prefix: "/consumercatalog" } }],
        rewrite: { uri: "/newcatalog" },
        route: [dest("reviews.prod.svc.cluster.local", "v2")],
      },
      { name: "reviews-v1-route", route: [dest("reviews.prod.svc.cluster.local", "v1")] },
    ],
  });

  it("rewrites the matched prefix and keeps the rest of the path and the query", () => {
    const d = route([reviewsRoute], request("http://reviews.example.com/wpcatalog/item?id=7"));
    expect(d).toEqual({
      kind: "forward",
      destination: { host: "reviews.prod.svc.cluster.local", subset: "v2", fromNamespace: "prod" },
      path: "/newcatalog/item?id=7",
      host: "reviews.example.com",
      timeoutMs: undefined,
      requestHeaders: undefined,
      responseHeaders: undefined,
      routeObject: "prod/reviews-route",
      routeName: "reviews-v2-routes",
    });
    expect(where([reviewsRoute], request("http://reviews.example.com/consumercatalog"))).toBe(
      "reviews.prod.svc.cluster.local|v2 /newcatalog",
    );
  });

  it("matches the first rule in order; a rule without match takes the rest", () => {
    expect(where([reviewsRoute], request("http://reviews.example.com/other"))).toBe(
      "reviews.prod.svc.cluster.local|v1 /other",
    );
  });

  it("matches a prefix as a plain string prefix, as Envoy does", () => {
    // "/wpcatalog" also matches "/wpcatalogue": prefixes are not path-segment aware.
    expect(where([reviewsRoute], request("http://reviews.example.com/wpcatalogue"))).toBe(
      "reviews.prod.svc.cluster.local|v2 /newcatalogue",
    );
  });

  // VS HTTPMatchRequest example "ratings-route": header end-user: jason, prefix /ratings/v2/, ignoreUriCase.
  const ratingsRoute = gwVs("prod/ratings-route", {
    hosts: ["ratings.example.com"],
    http: [
      {
        match: [
          {
            headers: { "end-user": { exact: "jason" } },
            uri: { prefix: "/ratings/v2/" },
            ignoreUriCase: true,
          },
        ],
        route: [dest("ratings.prod.svc.cluster.local")],
      },
    ],
  });

  it("needs every condition of a match: header and uri, the uri case-insensitively", () => {
    const jason = { headers: { "end-user": "jason" } };
    expect(where([ratingsRoute], request("http://ratings.example.com/RATINGS/v2/1", jason))).toBe(
      "ratings.prod.svc.cluster.local /RATINGS/v2/1",
    );
    // Header values stay case-sensitive; ignoreUriCase is about the path only.
    expect(
      route(
        [ratingsRoute],
        request("http://ratings.example.com/ratings/v2/1", { headers: { "end-user": "Jason" } }),
      ),
    ).toEqual({ kind: "no-route", reason: "no route of ratings.example.com matches GET /ratings/v2/1" });
    expect(where([ratingsRoute], request("http://ratings.example.com/ratings/v2/1"))).toBe("no-route");
  });

  // VS HTTPRoute example: the reviews canary sends user jason to v2, everyone else to v1.
  it("routes the reviews canary by the end-user header", () => {
    const canary = gwVs("default/reviews", {
      hosts: ["reviews.example.com"],
      http: [
        { match: [{ headers: { "end-user": { exact: "jason" } } }], route: [dest("reviews", "v2")] },
        { route: [dest("reviews", "v1")] },
      ],
    });
    const jason = request("http://reviews.example.com/", { headers: { "end-user": "jason" } });
    expect(where([canary], jason)).toBe("reviews.default.svc.cluster.local|v2 /");
    expect(where([canary], request("http://reviews.example.com/"))).toBe(
      "reviews.default.svc.cluster.local|v1 /",
    );
  });

  it("matches regexes with RE2 against the whole value (Envoy anchors safe_regex)", () => {
    const vs = gwVs("default/re", {
      hosts: ["api.example.com"],
      http: [
        { match: [{ uri: { regex: "/v[0-9]+/users" } }], route: [dest("users")] },
        // Valid for JS RegExp but not RE2 (backreference): never matches.
        { match: [{ uri: { regex: "/(a)\\1" } }], route: [dest("backref")] },
      ],
    });
    expect(where([vs], request("http://api.example.com/v12/users"))).toBe(
      "users.default.svc.cluster.local /v12/users",
    );
    expect(where([vs], request("http://api.example.com/v12/users/1"))).toBe("no-route");
    expect(where([vs], request("http://api.example.com/x/v1/users"))).toBe("no-route");
    expect(where([vs], request("http://api.example.com/aa"))).toBe("no-route");
  });

  it("matches the path without its query string", () => {
    const vs = gwVs("default/exact", {
      hosts: ["api.example.com"],
      http: [{ match: [{ uri: { exact: "/status" } }], route: [dest("status")] }],
    });
    expect(where([vs], request("http://api.example.com/status?verbose=1"))).toBe(
      "status.default.svc.cluster.local /status?verbose=1",
    );
  });

  // VS HTTPMatchRequest.queryParams: exact "" for "?key", regex "\d+$" full-matched.
  it("matches query parameters exactly, by regex, and by presence", () => {
    const vs = gwVs("default/qp", {
      hosts: ["api.example.com"],
      http: [
        { match: [{ queryParams: { key: { exact: "true" } } }], route: [dest("exact")] },
        { match: [{ queryParams: { id: { regex: "\\d+$" } } }], route: [dest("regex")] },
        { match: [{ queryParams: { debug: { exact: "" } } }], route: [dest("empty")] },
        { match: [{ queryParams: { trace: {} } }], route: [dest("present")] },
      ],
    });
    const at = (q: string) => where([vs], request(`http://api.example.com/x${q}`)).split(".")[0];
    expect(at("?key=true")).toBe("exact");
    expect(at("?key=false")).toBe("no-route");
    expect(at("?id=123")).toBe("regex");
    expect(at("?id=a123")).toBe("no-route");
    expect(at("?debug")).toBe("empty");
    expect(at("?trace=anything")).toBe("present");
    expect(at("")).toBe("no-route");
  });

  it("matches method, scheme and authority", () => {
    const vs = gwVs("default/m", {
      hosts: ["*.example.com"],
      http: [
        { match: [{ method: { exact: "POST" } }], route: [dest("writer")] },
        { match: [{ authority: { prefix: "admin." } }], route: [dest("admin")] },
        { match: [{ scheme: { exact: "http" } }], route: [dest("plain")] },
      ],
    });
    expect(where([vs], request("http://api.example.com/", { method: "post" }))).toMatch(/^writer\./);
    expect(where([vs], request("http://admin.example.com/"))).toMatch(/^admin\./);
    expect(where([vs], request("http://api.example.com/"))).toMatch(/^plain\./);
  });

  it("matches headers by prefix, by presence ({}), and withoutHeaders as the opposite", () => {
    const vs = gwVs("default/h", {
      hosts: ["api.example.com"],
      http: [
        { match: [{ headers: { "x-canary": {} } }], route: [dest("canary")] },
        { match: [{ headers: { "user-agent": { prefix: "curl/" } } }], route: [dest("curl")] },
        { match: [{ withoutHeaders: { authorization: {} } }], route: [dest("anonymous")] },
        { match: [{ withoutHeaders: { "x-tier": { exact: "gold" } } }], route: [dest("not-gold")] },
        { route: [dest("gold")] },
      ],
    });
    const at = (headers: Record<string, string>) =>
      where([vs], request("http://api.example.com/", { headers })).split(".")[0];
    expect(at({ "x-canary": "" })).toBe("canary");
    expect(at({ "user-agent": "curl/8.5", authorization: "t" })).toBe("curl");
    expect(at({ "user-agent": "wget/1" })).toBe("anonymous");
    expect(at({ authorization: "t" })).toBe("not-gold");
    expect(at({ authorization: "t", "x-tier": "gold" })).toBe("gold");
  });

  it("applies per-match port and gateways conditions", () => {
    const other = istioGateway("istio-system/other", {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 8080, name: "http-alt", protocol: "HTTP" }, hosts: ["*"] }],
    });
    const vs = virtualService("default/ports", {
      hosts: ["api.example.com"],
      gateways: ["istio-system/shared", "istio-system/other"],
      http: [
        { match: [{ port: 8080 }], route: [dest("alt-port")] },
        { match: [{ gateways: ["istio-system/shared"] }], route: [dest("shared-only")] },
        { route: [dest("fallback")] },
      ],
    });
    const config = configWith(sharedGateway, other, vs);
    const at = (url: string) => {
      const d = routeIstioGateway(config, ingress, request(url), firstPick);
      return d.kind === "forward" ? d.destination.host.split(".")[0] : d.kind;
    };
    expect(at("http://api.example.com/")).toBe("shared-only");
    expect(at("http://api.example.com:8080/")).toBe("alt-port");
  });
});

describe("routeIstioGateway: actions", () => {
  // VS HTTPRedirect example: /v1/getProductRatings → /v1/bookRatings on newratings.default.svc.cluster.local.
  it("redirects with a new path and authority, 301 by default", () => {
    const vs = gwVs("default/ratings-route", {
      hosts: ["ratings.example.com"],
      http: [
        {
          match: [{ uri: { exact: "/v1/getProductRatings" } }],
          redirect: { uri: "/v1/bookRatings", authority: "newratings.default.svc.cluster.local" },
        },
      ],
    });
    expect(route([vs], request("http://ratings.example.com/v1/getProductRatings?x=1"))).toEqual({
      kind: "redirect",
      status: 301,
      location: "http://newratings.default.svc.cluster.local/v1/bookRatings?x=1",
      routeObject: "default/ratings-route",
    });
  });

  it("redirects with scheme, port, derivePort and redirectCode", () => {
    const vs = gwVs("default/r", {
      hosts: ["a.example.com"],
      http: [
        {
          match: [{ uri: { prefix: "/secure" } }],
          redirect: { scheme: "https", port: 443, redirectCode: 308 },
        },
        { match: [{ uri: { prefix: "/alt" } }], redirect: { port: 8443 } },
        {
          match: [{ uri: { prefix: "/same" } }],
          redirect: { uri: "/moved", derivePort: "FROM_REQUEST_PORT" },
        },
      ],
    });
    const loc = (path: string) => {
      const d = route([vs], request(`http://a.example.com${path}`));
      return d.kind === "redirect" ? `${d.status} ${d.location}` : d.kind;
    };
    expect(loc("/secure/x")).toBe("308 https://a.example.com/secure/x");
    expect(loc("/alt")).toBe("301 http://a.example.com:8443/alt");
    // Port 80 is the default for http, so it is left out.
    expect(loc("/same")).toBe("301 http://a.example.com/moved");
  });

  // VS HTTPDirectResponse example: 503 "unknown error".
  it("answers directly with a status and a body (string or base64 bytes)", () => {
    const vs = gwVs("default/direct", {
      hosts: ["ratings.example.com"],
      http: [
        {
          match: [{ uri: { exact: "/v1/getProductRatings" } }],
          directResponse: { status: 503, body: { string: "unknown error" } },
        },
        { directResponse: { status: 200, body: { bytes: Buffer.from("ok bytes").toString("base64") } } },
      ],
    });
    expect(route([vs], request("http://ratings.example.com/v1/getProductRatings"))).toEqual({
      kind: "direct",
      status: 503,
      body: "unknown error",
      routeObject: "default/direct",
    });
    expect(route([vs], request("http://ratings.example.com/x"))).toMatchObject({
      status: 200,
      body: "ok bytes",
    });
  });

  // VS HTTPRewrite: uriRegexRewrite ^/service/([^/]+)(/.*)$ → \2/instance/\1.
  it("rewrites with an RE2 regex and \\N captures, and rewrites the authority", () => {
    const vs = gwVs("default/rx", {
      hosts: ["svc.example.com"],
      http: [
        {
          rewrite: {
            uriRegexRewrite: { match: "^/service/([^/]+)(/.*)$", rewrite: "\\2/instance/\\1" },
            authority: "internal",
          },
          route: [dest("backend")],
        },
      ],
    });
    expect(route([vs], request("http://svc.example.com/service/foo/v1/api?q=1"))).toMatchObject({
      path: "/v1/api/instance/foo?q=1",
      host: "internal",
    });
  });

  it("rewrites the whole path after an exact match, and the leading / of a rule without uri match", () => {
    const vs = gwVs("default/rw", {
      hosts: ["svc.example.com"],
      http: [
        { match: [{ uri: { exact: "/old" } }], rewrite: { uri: "/new" }, route: [dest("a")] },
        { rewrite: { uri: "/v2/" }, route: [dest("b")] },
      ],
    });
    expect(where([vs], request("http://svc.example.com/old?x"))).toBe("a.default.svc.cluster.local /new?x");
    expect(where([vs], request("http://svc.example.com/items"))).toBe(
      "b.default.svc.cluster.local /v2/items",
    );
  });

  // VS HTTPRouteDestination example: 25% to v2, 75% to v1.
  it("splits by weight with the given pick, never choosing weight 0", () => {
    const vs = gwVs("default/split", {
      hosts: ["reviews.example.com"],
      http: [
        {
          route: [
            { ...dest("reviews.prod.svc.cluster.local", "v2"), weight: 25 },
            { ...dest("reviews.prod.svc.cluster.local", "v1"), weight: 75 },
            { ...dest("reviews.prod.svc.cluster.local", "v0"), weight: 0 },
          ],
        },
      ],
    });
    const req = request("http://reviews.example.com/");
    expect(where([vs], req, pickAt(0.1))).toBe("reviews.prod.svc.cluster.local|v2 /");
    expect(where([vs], req, pickAt(0.3))).toBe("reviews.prod.svc.cluster.local|v1 /");
    expect(where([vs], req, pickAt(0.999))).toBe("reviews.prod.svc.cluster.local|v1 /");
  });

  // VS HTTPRoute.timeout example ("10s") and the other duration spellings.
  it("parses timeouts to milliseconds", () => {
    const timeouts = ["10s", "1.5s", "500ms", "1m30s"].map((timeout, i) =>
      gwVs(`default/t${i}`, { hosts: [`t${i}.example.com`], http: [{ timeout, route: [dest("reviews")] }] }),
    );
    const ms = (i: number) => {
      const d = route(timeouts, request(`http://t${i}.example.com/`));
      return d.kind === "forward" ? d.timeoutMs : d.kind;
    };
    expect([ms(0), ms(1), ms(2), ms(3)]).toEqual([10_000, 1500, 500, 90_000]);
  });

  // VS Headers example: set test: "true" on requests; remove foo from v1's responses.
  it("carries request and response header operations, destination-level after rule-level", () => {
    const vs = gwVs("default/headers", {
      hosts: ["reviews.example.com"],
      http: [
        {
          headers: { request: { set: { test: "true", host: "reviews.internal" } } },
          route: [
            { ...dest("reviews.prod.svc.cluster.local", "v1"), headers: { response: { remove: ["foo"] } } },
          ],
        },
      ],
    });
    expect(route([vs], request("http://reviews.example.com/"))).toMatchObject({
      host: "reviews.internal",
      requestHeaders: { set: { test: "true" } },
      responseHeaders: { remove: ["foo"] },
    });
  });

  it("resolves short destination names in the VirtualService's namespace and keeps port and subset", () => {
    const vs = gwVs("payments/payments", {
      hosts: ["payments.my-company.io"],
      http: [{ route: [{ destination: { host: "payments", port: { number: 8080 }, subset: "v1" } }] }],
    });
    expect(route([vs], request("http://payments.my-company.io/"))).toMatchObject({
      destination: {
        host: "payments.payments.svc.cluster.local",
        port: 8080,
        subset: "v1",
        fromNamespace: "payments",
      },
    });
  });
});

describe("routeIstioGateway: hosts and binding", () => {
  it("answers no-route for a host no VirtualService serves", () => {
    const vs = gwVs("default/a", { hosts: ["a.example.com"], http: [{ route: [dest("a")] }] });
    expect(route([vs], request("http://b.example.com/"))).toEqual({
      kind: "no-route",
      reason: "no virtual host for b.example.com on port 80",
    });
  });

  it("answers no-route on a port without HTTP server", () => {
    const vs = gwVs("default/a", { hosts: ["a.example.com"], http: [{ route: [dest("a")] }] });
    expect(route([vs], request("http://a.example.com:81/"))).toEqual({
      kind: "no-route",
      reason: "no HTTP server on port 81",
    });
  });

  it("binds a bare gateway name in the VirtualService's own namespace only", () => {
    const bare = virtualService("default/bare", {
      hosts: ["a.example.com"],
      gateways: ["shared"],
      http: [{ route: [dest("a")] }],
    });
    expect(route([bare], request("http://a.example.com/")).kind).toBe("no-route");
    const same = virtualService("istio-system/bare", {
      hosts: ["a.example.com"],
      gateways: ["shared"],
      http: [{ route: [dest("a")] }],
    });
    expect(where([same], request("http://a.example.com/"))).toBe("a.istio-system.svc.cluster.local /");
  });

  it("does not bind a VirtualService without gateways (it is for the mesh)", () => {
    const meshOnly = virtualService("default/mesh", {
      hosts: ["a.example.com"],
      http: [{ route: [dest("a")] }],
    });
    expect(route([meshOnly], request("http://a.example.com/")).kind).toBe("no-route");
  });

  it("hides a VirtualService exported only to its namespace from a gateway in another namespace", () => {
    const priv = gwVs("default/private", {
      hosts: ["a.example.com"],
      exportTo: ["."],
      http: [{ route: [dest("a")] }],
    });
    expect(route([priv], request("http://a.example.com/")).kind).toBe("no-route");
    const exported = gwVs("default/exported", {
      hosts: ["a.example.com"],
      exportTo: [".", "istio-system"],
      http: [{ route: [dest("a")] }],
    });
    expect(route([exported], request("http://a.example.com/")).kind).toBe("forward");
  });

  // Gateway Server.hosts: "ns/host" lets only VirtualServices of that namespace bind the host.
  it("restricts binding by the namespace part of a server host", () => {
    const scoped = istioGateway("istio-system/scoped", {
      selector: { istio: "ingressgateway" },
      servers: [
        { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["payments/*.my-company.io"] },
      ],
    });
    const fromPayments = virtualService("payments/pay", {
      hosts: ["payments.my-company.io"],
      gateways: ["istio-system/scoped"],
      http: [{ route: [dest("payments")] }],
    });
    const fromAnalytics = virtualService("analytics/ana", {
      hosts: ["analytics.my-company.io"],
      gateways: ["istio-system/scoped"],
      http: [{ route: [dest("analytics")] }],
    });
    const config = configWith(scoped, fromPayments, fromAnalytics);
    const at = (url: string) => routeIstioGateway(config, ingress, request(url), firstPick).kind;
    expect(at("http://payments.my-company.io/")).toBe("forward");
    expect(at("http://analytics.my-company.io/")).toBe("no-route");
  });

  it("needs the request host among the server's hosts", () => {
    const narrow = istioGateway("istio-system/narrow", {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["a.example.com"] }],
    });
    const vs = virtualService("default/wild", {
      hosts: ["*.example.com"],
      gateways: ["istio-system/narrow"],
      http: [{ route: [dest("w")] }],
    });
    const config = configWith(narrow, vs);
    expect(routeIstioGateway(config, ingress, request("http://a.example.com/"), firstPick).kind).toBe(
      "forward",
    );
    expect(routeIstioGateway(config, ingress, request("http://b.example.com/"), firstPick).kind).toBe(
      "no-route",
    );
  });

  // Gateway example: tls.httpsRedirect sends a 301 for plain HTTP requests.
  it("redirects plain HTTP to https for a server with httpsRedirect, even without VirtualService", () => {
    const gw = istioGateway("some-config-namespace/my-gateway", {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 80, name: "http", protocol: "HTTP" },
          hosts: ["uk.bookinfo.com", "eu.bookinfo.com"],
          tls: { httpsRedirect: true },
        },
      ],
    });
    const config = configWith(gw);
    expect(
      routeIstioGateway(config, ingress, request("http://uk.bookinfo.com/productpage?u=1"), firstPick),
    ).toEqual({
      kind: "redirect",
      status: 301,
      location: "https://uk.bookinfo.com/productpage?u=1",
    });
    expect(routeIstioGateway(config, ingress, request("http://us.bookinfo.com/"), firstPick).kind).toBe(
      "no-route",
    );
  });

  it("routes HTTPS by the server chosen by SNI, with that server's hosts", () => {
    const gw = istioGateway("istio-system/tls", {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts: ["a.example.com"],
          tls: { mode: "SIMPLE", credentialName: "a" },
        },
        {
          port: { number: 443, name: "https-b", protocol: "HTTPS" },
          hosts: ["b.example.com"],
          tls: { mode: "SIMPLE", credentialName: "b" },
        },
      ],
    });
    const vs = virtualService("default/both", {
      hosts: ["a.example.com", "b.example.com"],
      gateways: ["istio-system/tls"],
      http: [{ match: [{ scheme: { exact: "https" } }], route: [dest("secure")] }],
    });
    const config = configWith(gw, vs);
    expect(routeIstioGateway(config, ingress, request("https://a.example.com/"), firstPick).kind).toBe(
      "forward",
    );
    // SNI picks a's server; the Host header b.example.com is not among its hosts.
    const crossed = request("https://b.example.com/", { sni: "a.example.com" });
    expect(routeIstioGateway(config, ingress, crossed, firstPick).kind).toBe("no-route");
  });
});

describe("routeIstioGateway: several VirtualServices for one host", () => {
  // istio.io/latest/docs/ops/best-practices/traffic-management/ "Split large virtual services and
  // destination rules into multiple resources": rules merge in creation order.
  it("merges rules of VirtualServices for the same host, oldest first", () => {
    const newer = gwVs(
      "team-b/newer",
      { hosts: ["api.example.com"], http: [{ match: [{ uri: { prefix: "/v1" } }], route: [dest("newer")] }] },
      { creationTimestamp: "2026-02-01T00:00:00Z" },
    );
    const older = gwVs(
      "team-a/older",
      {
        hosts: ["api.example.com"],
        http: [
          { match: [{ uri: { prefix: "/v1" } }], route: [dest("older")] },
          { match: [{ uri: { prefix: "/v2" } }], route: [dest("older-v2")] },
        ],
      },
      { creationTimestamp: "2026-01-01T00:00:00Z" },
    );
    expect(where([newer, older], request("http://api.example.com/v1/x"))).toBe(
      "older.team-a.svc.cluster.local /v1/x",
    );
    expect(where([newer, older], request("http://api.example.com/v2"))).toBe(
      "older-v2.team-a.svc.cluster.local /v2",
    );
  });

  it("breaks creation-time ties by name, then namespace, as istiod does", () => {
    const ts = { creationTimestamp: "2026-01-01T00:00:00Z" };
    const b = gwVs("a-ns/b", { hosts: ["api.example.com"], http: [{ route: [dest("b")] }] }, ts);
    const a = gwVs(
      "z-ns/a",
      { hosts: ["api.example.com"], http: [{ match: [{ uri: { prefix: "/" } }], route: [dest("a")] }] },
      ts,
    );
    expect(where([b, a], request("http://api.example.com/"))).toBe("a.z-ns.svc.cluster.local /");
  });

  it("moves catch-all routes after the other VirtualServices' rules", () => {
    const older = gwVs(
      "default/older",
      { hosts: ["api.example.com"], http: [{ route: [dest("catch-all")] }] },
      { creationTimestamp: "2026-01-01T00:00:00Z" },
    );
    const newer = gwVs(
      "default/newer",
      {
        hosts: ["api.example.com"],
        http: [{ match: [{ uri: { prefix: "/orders" } }], route: [dest("orders")] }],
      },
      { creationTimestamp: "2026-02-01T00:00:00Z" },
    );
    expect(where([older, newer], request("http://api.example.com/orders/1"))).toBe(
      "orders.default.svc.cluster.local /orders/1",
    );
    expect(where([older, newer], request("http://api.example.com/other"))).toBe(
      "catch-all.default.svc.cluster.local /other",
    );
  });

  it("lets an exact-host VirtualService win over a wildcard one for that host, without merging", () => {
    const wildcard = gwVs(
      "default/wildcard",
      {
        hosts: ["*.example.com"],
        http: [
          { match: [{ uri: { prefix: "/admin" } }], route: [dest("wild-admin")] },
          { route: [dest("wild")] },
        ],
      },
      { creationTimestamp: "2026-01-01T00:00:00Z" },
    );
    const exact = gwVs(
      "default/exact",
      { hosts: ["pay.example.com"], http: [{ route: [dest("pay")] }] },
      { creationTimestamp: "2026-02-01T00:00:00Z" },
    );
    expect(where([wildcard, exact], request("http://pay.example.com/admin"))).toBe(
      "pay.default.svc.cluster.local /admin",
    );
    expect(where([wildcard, exact], request("http://shop.example.com/admin"))).toBe(
      "wild-admin.default.svc.cluster.local /admin",
    );
  });

  it("merges a VirtualService private to the gateway's namespace before older public ones", () => {
    const publicOld = gwVs(
      "default/public",
      {
        hosts: ["api.example.com"],
        http: [{ match: [{ uri: { prefix: "/" }, headers: { x: {} } }], route: [dest("public")] }],
      },
      { creationTimestamp: "2026-01-01T00:00:00Z" },
    );
    const privateNew = gwVs(
      "istio-system/private",
      {
        hosts: ["api.example.com"],
        exportTo: ["."],
        http: [{ match: [{ headers: { x: {} } }], route: [dest("private")] }],
      },
      { creationTimestamp: "2026-02-01T00:00:00Z" },
    );
    const req = request("http://api.example.com/", { headers: { x: "1" } });
    expect(where([publicOld, privateNew], req)).toBe("private.istio-system.svc.cluster.local /");
  });
});
