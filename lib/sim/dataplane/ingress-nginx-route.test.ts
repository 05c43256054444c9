// ingress-nginx routing, one case per documented semantic. Sources (kubernetes/ingress-nginx):
// docs/user-guide/ingress-path-matching.md (PM), docs/user-guide/nginx-configuration/annotations.md
// (AN), docs/examples/rewrite/README.md (RW), test/e2e/annotations/*.go (E2E, by file), and the
// Kubernetes Ingress concept page (K8S: "Examples" of path matching, "Hostname wildcards").
import { describe, expect, it } from "vitest";
import { type KObject } from "../json";
import { generateCa, issueServerCertificate } from "../tls";
import { ingressNginxPortPlan, ingressNginxTls, routeIngressNginx } from "./ingress-nginx-route";
import { type IngressNginxClass } from "./ingress-nginx-servers";
import { configWith, firstPick, object, pickAt, request } from "./test-config";
import { type InboundRequest, type Pick, type RouteDecision } from "./types";
import { gatewayServices } from "./workloads";

const nginx: IngressNginxClass = { ingressClass: "nginx", controllerClass: "k8s.io/ingress-nginx" };
const ingressClass = {
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name: "nginx" },
  spec: { controller: "k8s.io/ingress-nginx" },
};

interface PathSpec {
  path: string;
  pathType?: string;
  service: string;
  port?: number | string;
}

/** An Ingress of class nginx: `rules` maps a host ("" for none) to its paths. */
function ing(
  ref: string,
  rules: Record<string, PathSpec[]>,
  annotations: Record<string, string> = {},
  extra: KObject = {},
): KObject {
  const o = object("networking.k8s.io/v1", "Ingress", ref, {
    ingressClassName: "nginx",
    rules: Object.entries(rules).map(([host, paths]) => ({
      ...(host ? { host } : {}),
      http: {
        paths: paths.map((p) => ({
          path: p.path,
          pathType: p.pathType ?? "Prefix",
          backend: {
            service: {
              name: p.service,
              port: typeof p.port === "string" ? { name: p.port } : { number: p.port ?? 80 },
            },
          },
        })),
      },
    })),
    ...extra,
  });
  o.metadata.annotations = Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [
      k.includes("/") ? k : `nginx.ingress.kubernetes.io/${k}`,
      v,
    ]),
  );
  return o;
}

function route(objects: KObject[], req: InboundRequest, pick: Pick = firstPick): RouteDecision {
  return routeIngressNginx(configWith(ingressClass, ...objects), nginx, req, pick);
}

/** "service path" of a forward, "STATUS location" of a redirect, or the status / kind. */
function where(objects: KObject[], req: InboundRequest, pick: Pick = firstPick): string {
  const d = route(objects, req, pick);
  if (d.kind === "forward") return `${d.destination.host.split(".")[0]} ${d.path}`;
  if (d.kind === "redirect") return `${d.status} ${d.location}`;
  if (d.kind === "direct") return String(d.status);
  return d.kind;
}

function forward(d: RouteDecision): RouteDecision & { kind: "forward" } {
  if (d.kind !== "forward") throw new Error(`expected a forward, got ${JSON.stringify(d)}`);
  return d;
}

describe("routeIngressNginx: paths", () => {
  it("orders paths longest first across Ingresses of a host and rewrites by capture group (PM: Path Priority)", () => {
    const one = ing("default/test-ingress-1", {
      "test.com": [
        { path: "/foo/bar", service: "service1" },
        { path: "/foo/bar/", service: "service2" },
      ],
    });
    const two = ing(
      "default/test-ingress-2",
      { "test.com": [{ path: "/foo/bar/(.+)", pathType: "ImplementationSpecific", service: "service3" }] },
      { "rewrite-target": "/$1" },
    );
    expect(where([one, two], request("http://test.com/foo/bar/1"))).toBe("service3 /1");
    expect(where([one, two], request("http://test.com/foo/bar/"))).toBe("service2 /foo/bar/");
    expect(where([one, two], request("http://test.com/foo/bar"))).toBe("service1 /foo/bar");
  });

  it("lets a regex path win over a longer literal one, as the documented warning says (PM: Warning)", () => {
    const three = ing(
      "default/test-ingress-3",
      {
        "test.com": [
          { path: "/foo/bar/bar", service: "test" },
          { path: "/foo/bar/[A-Z0-9]{3}", pathType: "ImplementationSpecific", service: "regex" },
        ],
      },
      { "use-regex": "true" },
    );
    expect(where([three], request("http://test.com/foo/bar/bar"))).toBe("regex /foo/bar/bar");
  });

  it("matches regular expressions case-insensitively (PM: Regular Expression Support)", () => {
    const i = ing(
      "default/test-ingress",
      { "test.com": [{ path: "/foo/.*", pathType: "ImplementationSpecific", service: "test" }] },
      { "use-regex": "true" },
    );
    expect(where([i], request("http://test.com/FOO/x"))).toBe("test /FOO/x");
    expect(where([i], request("http://test.com/bar"))).toBe("no-route");
  });

  it("enforces the regex modifier on every Ingress of the host (E2E rewrite.go: ~* location modifier)", () => {
    const foo = ing("default/foo", { "rewrite.bar.com": [{ path: "/foo", service: "echo" }] });
    const regex = ing(
      "default/regex",
      { "rewrite.bar.com": [{ path: "/foo.+", pathType: "ImplementationSpecific", service: "echo" }] },
      { "use-regex": "true", "rewrite-target": "/new/backend" },
    );
    expect(where([foo, regex], request("http://rewrite.bar.com/foo"))).toBe("echo /foo");
    expect(where([foo, regex], request("http://rewrite.bar.com/foo/bar"))).toBe("echo /new/backend");
    // Note: the enforced `~* "^/foo"` is a prefix regex, so the Prefix path now also takes /foobar.
    expect(where([foo], request("http://rewrite.bar.com/foobar"))).toBe("no-route");
  });

  it("matches Prefix element-wise, Exact exactly, ImplementationSpecific as a string prefix (K8S: Examples)", () => {
    const i = ing("default/paths", {
      "a.com": [
        { path: "/foo", service: "prefix" },
        { path: "/exact", pathType: "Exact", service: "exact" },
        { path: "/impl", pathType: "ImplementationSpecific", service: "impl" },
      ],
    });
    expect(where([i], request("http://a.com/foo"))).toBe("prefix /foo");
    expect(where([i], request("http://a.com/foo/"))).toBe("prefix /foo/");
    expect(where([i], request("http://a.com/foo/bar?x=1"))).toBe("prefix /foo/bar?x=1");
    expect(where([i], request("http://a.com/foobar"))).toBe("no-route");
    expect(where([i], request("http://a.com/exact"))).toBe("exact /exact");
    expect(where([i], request("http://a.com/exact/"))).toBe("no-route");
    expect(where([i], request("http://a.com/implementation"))).toBe("impl /implementation");
  });

  it("rewrites with the documented capture groups and keeps the query (RW: Rewrite Target)", () => {
    const i = ing(
      "default/rewrite",
      {
        "rewrite.bar.com": [
          { path: "/something(/|$)(.*)", pathType: "ImplementationSpecific", service: "http-svc" },
        ],
      },
      { "use-regex": "true", "rewrite-target": "/$2" },
    );
    expect(where([i], request("http://rewrite.bar.com/something"))).toBe("http-svc /");
    expect(where([i], request("http://rewrite.bar.com/something/"))).toBe("http-svc /");
    expect(where([i], request("http://rewrite.bar.com/something/new?q=1"))).toBe("http-svc /new?q=1");
  });

  it("serves exact hosts, one-label wildcards and the catch-all (K8S: Hostname wildcards)", () => {
    const exact = ing("default/exact", { "foo.bar.com": [{ path: "/", service: "service1" }] });
    const wildcard = ing("default/wild", { "*.foo.com": [{ path: "/", service: "service2" }] });
    const anyHost = ing("default/any", { "": [{ path: "/", service: "service3" }] });
    const objects = [exact, wildcard, anyHost];
    expect(where(objects, request("http://foo.bar.com/"))).toBe("service1 /");
    expect(where(objects, request("http://bar.foo.com/"))).toBe("service2 /");
    expect(where(objects, request("http://baz.bar.foo.com/"))).toBe("service3 /");
    expect(where(objects, request("http://foo.com/"))).toBe("service3 /");
  });

  it("answers unmatched paths with the Ingress's defaultBackend, else 404 (K8S: DefaultBackend)", () => {
    const withDefault = ing(
      "default/with-default",
      { "a.com": [{ path: "/api", service: "api" }] },
      {},
      { defaultBackend: { service: { name: "fallback", port: { number: 80 } } } },
    );
    expect(where([withDefault], request("http://a.com/other"))).toBe("fallback /other");
    const catchAll = object("networking.k8s.io/v1", "Ingress", "default/catch-all", {
      ingressClassName: "nginx",
      defaultBackend: { service: { name: "everything", port: { number: 80 } } },
    });
    expect(where([catchAll], request("http://unknown.com/x"))).toBe("everything /x");
    expect(where([], request("http://unknown.com/x"))).toBe("no-route");
  });

  it("serves only Ingresses of its class: ingressClassName of its controller, or the legacy annotation", () => {
    const other = ing("default/other", { "a.com": [{ path: "/", service: "other" }] });
    other.spec.ingressClassName = "traefik";
    const legacy = ing(
      "default/legacy",
      { "b.com": [{ path: "/", service: "legacy" }] },
      {
        "kubernetes.io/ingress.class": "nginx",
      },
    );
    delete legacy.spec.ingressClassName;
    expect(where([other], request("http://a.com/"))).toBe("no-route");
    expect(where([legacy], request("http://b.com/"))).toBe("legacy /");
    const named = ing("default/named", { "c.com": [{ path: "/", service: "named" }] });
    expect(routeIngressNginx(configWith(named), nginx, request("http://c.com/"), firstPick).kind).toBe(
      "no-route",
    );
  });

  it("resolves a backend port by name through the Service", () => {
    const svc = object("v1", "Service", "default/named", { ports: [{ name: "web", port: 8080 }] });
    const i = ing("default/by-name", { "a.com": [{ path: "/", service: "named", port: "web" }] });
    expect(forward(route([svc, i], request("http://a.com/"))).destination).toEqual({
      host: "named.default.svc.cluster.local",
      port: 8080,
      fromNamespace: "default",
    });
  });
});

describe("routeIngressNginx: redirects", () => {
  const tls = { tls: [{ hosts: ["secure.com"], secretName: "secure-tls" }] };

  it("redirects plain HTTP with 308 when the host has TLS, dropping a trailing slash (AN: Server-side HTTPS enforcement)", () => {
    const i = ing("default/secure", { "secure.com": [{ path: "/", service: "app" }] }, {}, tls);
    expect(where([i], request("http://secure.com/path/"))).toBe("308 https://secure.com/path");
    expect(where([i], request("http://secure.com/a?b=c"))).toBe("308 https://secure.com/a?b=c");
    const d = forward(route([i], request("https://secure.com/a")));
    // Listed in spec.tls: the fake certificate counts as configured, so HSTS is sent.
    expect(d.responseHeaders?.set?.["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const off = ing(
      "default/secure",
      { "secure.com": [{ path: "/", service: "app" }] },
      { "ssl-redirect": "false" },
      tls,
    );
    expect(where([off], request("http://secure.com/a"))).toBe("app /a");
  });

  it("keeps the trailing slash with preserve-trailing-slash and redirects without TLS with force-ssl-redirect (AN)", () => {
    const keep = ing(
      "default/k",
      { "secure.com": [{ path: "/", service: "app" }] },
      { "preserve-trailing-slash": "true" },
      tls,
    );
    expect(where([keep], request("http://secure.com/p/"))).toBe("308 https://secure.com/p/");
    const force = ing(
      "default/f",
      { "plain.com": [{ path: "/", service: "app" }] },
      { "force-ssl-redirect": "true" },
    );
    expect(where([force], request("http://plain.com/x"))).toBe("308 https://plain.com/x");
    expect(where([force], request("https://plain.com/x"))).toBe("app /x");
  });

  it("answers permanent and temporal redirects with their codes; temporal wins (AN: Permanent/Temporal Redirect)", () => {
    const paths = { "r.com": [{ path: "/", service: "app" }] };
    const url = "https://www.google.com";
    expect(where([ing("d/p", paths, { "permanent-redirect": url })], request("http://r.com/x"))).toBe(
      `301 ${url}`,
    );
    expect(
      where(
        [ing("d/p", paths, { "permanent-redirect": url, "permanent-redirect-code": "308" })],
        request("http://r.com/"),
      ),
    ).toBe(`308 ${url}`);
    expect(where([ing("d/t", paths, { "temporal-redirect": url })], request("http://r.com/"))).toBe(
      `302 ${url}`,
    );
    expect(
      where(
        [
          ing("d/t", paths, {
            "temporal-redirect": url,
            "temporal-redirect-code": "307",
            "permanent-redirect": "https://x.io",
          }),
        ],
        request("http://r.com/"),
      ),
    ).toBe(`307 ${url}`);
  });

  it("redirects / to the app-root with 302 and nothing else (E2E approot.go)", () => {
    const i = ing(
      "default/approot",
      { "approot.bar.com": [{ path: "/", service: "app" }] },
      { "app-root": "/foo" },
    );
    expect(where([i], request("http://approot.bar.com/"))).toBe("302 http://approot.bar.com/foo");
    expect(where([i], request("http://approot.bar.com/foo"))).toBe("app /foo");
  });
});

describe("routeIngressNginx: canary (AN: Canary)", () => {
  const main = ing("default/main", { "canary.com": [{ path: "/", service: "stable" }] });
  const canary = (anns: Record<string, string>) =>
    ing("default/canary", { "canary.com": [{ path: "/", service: "canary" }] }, { canary: "true", ...anns });

  it("routes by header: always, never, and other values fall through to the weight", () => {
    const c = canary({ "canary-by-header": "X-Canary", "canary-weight": "0" });
    const h = (v: string) => request("http://canary.com/", { headers: { "x-canary": v } });
    expect(where([main, c], h("always"))).toBe("canary /");
    expect(where([main, c], h("never"))).toBe("stable /");
    expect(where([main, c], h("maybe"))).toBe("stable /");
  });

  it("routes by header value or pattern when given", () => {
    const byValue = canary({ "canary-by-header": "X-Region", "canary-by-header-value": "eu" });
    expect(where([main, byValue], request("http://canary.com/", { headers: { "x-region": "eu" } }))).toBe(
      "canary /",
    );
    expect(where([main, byValue], request("http://canary.com/", { headers: { "x-region": "always" } }))).toBe(
      "stable /",
    );
    const byPattern = canary({ "canary-by-header": "X-Region", "canary-by-header-pattern": "^eu-.*" });
    expect(
      where([main, byPattern], request("http://canary.com/", { headers: { "x-region": "eu-west" } })),
    ).toBe("canary /");
  });

  it("routes by cookie after the header, and by weight last", () => {
    const c = canary({
      "canary-by-header": "X-Canary",
      "canary-by-cookie": "use_canary",
      "canary-weight": "30",
    });
    const cookie = (v: string, header?: string) =>
      request("http://canary.com/", {
        headers: { cookie: `a=b; use_canary=${v}`, ...(header ? { "x-canary": header } : {}) },
      });
    expect(where([main, c], cookie("always"))).toBe("canary /");
    expect(where([main, c], cookie("always", "never"))).toBe("stable /");
    expect(where([main, c], cookie("never"), pickAt(0))).toBe("stable /");
    expect(where([main, c], request("http://canary.com/"), pickAt(0.29))).toBe("canary /");
    expect(where([main, c], request("http://canary.com/"), pickAt(0.31))).toBe("stable /");
  });

  it("weighs against canary-weight-total and ignores a canary without a main Ingress", () => {
    const c = canary({ "canary-weight": "1", "canary-weight-total": "1000" });
    expect(where([main, c], request("http://canary.com/"), pickAt(0.0009))).toBe("canary /");
    expect(where([main, c], request("http://canary.com/"), pickAt(0.002))).toBe("stable /");
    expect(where([canary({ "canary-weight": "100" })], request("http://canary.com/"))).toBe("no-route");
    expect(where([main, canary({ "canary-weight": "100" })], request("http://canary.com/"))).toBe("canary /");
  });
});

describe("routeIngressNginx: proxying annotations", () => {
  const paths = { "p.com": [{ path: "/", service: "app" }] };

  it("records backend-protocol and turns proxy-read-timeout into the route timeout (AN: Backend Protocol, Custom timeouts)", () => {
    const d = forward(
      route(
        [ing("d/p", paths, { "backend-protocol": "HTTPS", "proxy-read-timeout": "5" })],
        request("http://p.com/"),
      ),
    );
    expect(d.backendProtocol).toBe("HTTPS");
    expect(d.timeoutMs).toBe(5000);
    expect(forward(route([ing("d/p", paths)], request("http://p.com/"))).timeoutMs).toBe(60_000);
  });

  it("sends upstream-vhost as Host, and X-Forwarded-Prefix only with a rewrite (E2E upstreamvhost.go, xforwardedprefix.go)", () => {
    const vhost = forward(
      route([ing("d/v", paths, { "upstream-vhost": "upstreamvhost.bar.com" })], request("http://p.com/")),
    );
    expect(vhost.host).toBe("upstreamvhost.bar.com");
    const prefix = ing(
      "d/x",
      { "p.com": [{ path: "/test(/|$)(.*)", pathType: "ImplementationSpecific", service: "app" }] },
      { "rewrite-target": "/$2", "x-forwarded-prefix": "/test" },
    );
    const d = forward(route([prefix], request("http://p.com/test/a")));
    expect(d.path).toBe("/a");
    expect(d.requestHeaders?.set?.["x-forwarded-prefix"]).toBe("/test");
    const noRewrite = forward(
      route([ing("d/x", paths, { "x-forwarded-prefix": "/test" })], request("http://p.com/a")),
    );
    expect(noRewrite.requestHeaders?.set?.["x-forwarded-prefix"]).toBeUndefined();
  });

  it("answers a CORS preflight with 204 and adds the headers to responses (AN: Enable CORS, E2E cors.go)", () => {
    const cors = ing("d/c", paths, { "enable-cors": "true" });
    const pre = route([cors], request("http://p.com/", { method: "OPTIONS" }));
    expect(pre).toMatchObject({ kind: "direct", status: 204 });
    expect(pre.kind === "direct" && pre.responseHeaders?.set).toEqual({
      "access-control-allow-origin": "*",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, PUT, POST, DELETE, PATCH, OPTIONS",
      "access-control-allow-headers":
        "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization",
      "access-control-max-age": "1728000",
      "content-type": "text/plain charset=UTF-8",
    });
    const get = forward(route([cors], request("http://p.com/")));
    expect(get.responseHeaders?.set?.["access-control-allow-origin"]).toBe("*");
  });

  it("echoes only allowed origins, a * standing for one label (AN: cors-allow-origin)", () => {
    const cors = ing("d/c", paths, {
      "enable-cors": "true",
      "cors-allow-origin": "https://origin.cors.com:8080, https://*.origin.com",
      "cors-allow-credentials": "false",
      "cors-max-age": "600",
    });
    const from = (origin: string) =>
      route([cors], request("http://p.com/", { method: "OPTIONS", headers: { origin } }));
    const ok = from("https://a.origin.com");
    expect(ok.kind === "direct" && ok.responseHeaders?.set?.["access-control-allow-origin"]).toBe(
      "https://a.origin.com",
    );
    expect(ok.kind === "direct" && ok.responseHeaders?.set?.["access-control-max-age"]).toBe("600");
    expect(
      ok.kind === "direct" && ok.responseHeaders?.set?.["access-control-allow-credentials"],
    ).toBeUndefined();
    expect(from("https://origin.cors.com:8080").kind).toBe("direct");
    // Not allowed: no CORS answer, the preflight goes to the backend.
    expect(from("https://a.b.origin.com").kind).toBe("forward");
    expect(from("https://origin.com").kind).toBe("forward");
  });

  it("refuses clients outside the allowlist or inside the denylist with 403 (AN: Whitelist/Denylist source range)", () => {
    const allow = ing("d/a", paths, { "whitelist-source-range": "10.0.0.0/24,172.10.0.1" });
    const from = (o: KObject, clientAddress: string) =>
      where([o], { ...request("http://p.com/"), clientAddress });
    expect(from(allow, "10.0.0.7")).toBe("app /");
    expect(from(allow, "172.10.0.1")).toBe("app /");
    expect(from(allow, "::ffff:10.0.0.9")).toBe("app /");
    expect(from(allow, "127.0.0.1")).toBe("403");
    const deny = ing("d/d", paths, { "denylist-source-range": "127.0.0.0/8" });
    expect(from(deny, "127.0.0.1")).toBe("403");
    expect(from(deny, "10.1.1.1")).toBe("app /");
  });

  it("sets the affinity cookie once, on the Ingress path (AN: Cookie affinity, E2E affinity.go)", () => {
    const sticky = ing(
      "d/s",
      { "p.com": [{ path: "/something", service: "app" }] },
      { affinity: "cookie", "session-cookie-name": "SERVERID", "session-cookie-max-age": "172800" },
    );
    const first = forward(route([sticky], request("http://p.com/something")));
    const cookie = first.responseHeaders?.add?.["set-cookie"] ?? "";
    expect(cookie).toMatch(
      /^SERVERID=[0-9a-f]{32}\|[0-9a-f]{32}; Max-Age=172800; Path=\/something; HttpOnly$/,
    );
    const again = forward(
      route([sticky], request("http://p.com/something", { headers: { cookie: cookie.split(";")[0]! } })),
    );
    expect(again.responseHeaders?.add).toBeUndefined();
  });

  it("answers 413 above proxy-body-size (default 1m) (AN: Custom max body size)", () => {
    const small = ing("d/b", paths, { "proxy-body-size": "1k" });
    expect(where([small], { ...request("http://p.com/"), bodyLength: 1025 })).toBe("413");
    expect(where([small], { ...request("http://p.com/"), bodyLength: 1024 })).toBe("app /");
    expect(where([ing("d/b", paths)], { ...request("http://p.com/"), bodyLength: 2 * 1024 * 1024 })).toBe(
      "413",
    );
    expect(
      where([ing("d/b", paths, { "proxy-body-size": "0" })], {
        ...request("http://p.com/"),
        bodyLength: 5e7,
      }),
    ).toBe("app /");
  });
});

describe("ingress-nginx TLS and ports", () => {
  const ca = generateCa("test-ca");
  const pair = issueServerCertificate(ca, "test-ca", "*.example.com", { dns: ["*.example.com"] });
  const secret = object("v1", "Secret", "shop/example-tls", {});
  delete secret.spec;
  secret.data = {
    "tls.crt": Buffer.from(pair.cert).toString("base64"),
    "tls.key": Buffer.from(pair.key).toString("base64"),
  };
  const shop = ing(
    "shop/shop",
    { "shop.example.com": [{ path: "/", service: "shop" }], "other.test": [{ path: "/", service: "shop" }] },
    {},
    { tls: [{ hosts: ["shop.example.com", "other.test"], secretName: "example-tls" }] },
  );
  const tls = (sni: string | undefined, objects: KObject[] = [secret, shop]) =>
    ingressNginxTls(configWith(ingressClass, ...objects), nginx, { port: 443, targetPort: 443 }, sni);

  it("terminates with the spec.tls Secret of the Ingress's namespace", () => {
    expect(tls("shop.example.com")).toEqual({
      kind: "terminate",
      secretNamespace: "shop",
      secretName: "example-tls",
    });
  });

  it("falls back to the fake certificate: unknown SNI, no SNI, a Secret that is missing or does not cover the host", () => {
    expect(tls("unknown.example.com").kind).toBe("default-certificate");
    expect(tls(undefined).kind).toBe("default-certificate");
    expect(tls("shop.example.com", [shop]).kind).toBe("default-certificate");
    expect(tls("other.test").kind).toBe("default-certificate");
  });

  it("adds HSTS on HTTPS answers of a host with its own certificate", () => {
    const d = forward(
      routeIngressNginx(
        configWith(ingressClass, secret, shop),
        nginx,
        request("https://shop.example.com/"),
        firstPick,
      ),
    );
    expect(d.responseHeaders?.set?.["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("plans port 80 as HTTP and 443 as TLS, by target port", () => {
    expect(ingressNginxPortPlan({ port: 80, targetPort: 80 }).protocol).toBe("HTTP");
    expect(ingressNginxPortPlan({ port: 8443, targetPort: 443 }).protocol).toBe("TLS");
    expect(ingressNginxPortPlan({ port: 10254, targetPort: 10254 }).protocol).toBe("NONE");
  });
});

describe("ingress-nginx controller workloads", () => {
  const controller = (args: string[], image = "registry.k8s.io/ingress-nginx/controller:v1.12.1") => {
    const d = object("apps/v1", "Deployment", "ingress-nginx/ingress-nginx-controller", {
      selector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx" } },
      template: {
        metadata: {
          labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" },
        },
        spec: { containers: [{ name: "controller", image, args }] },
      },
    });
    d.metadata.generation = 1;
    d.status = { readyReplicas: 1, observedGeneration: 1 };
    return d;
  };
  const lb = object("v1", "Service", "ingress-nginx/ingress-nginx-controller", {
    type: "LoadBalancer",
    selector: { "app.kubernetes.io/name": "ingress-nginx" },
    ports: [
      { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
      { name: "https", port: 443, targetPort: "https", protocol: "TCP" },
    ],
  });

  it("is a gateway with the class of its --ingress-class argument", () => {
    const [gw] = gatewayServices(
      configWith(controller(["/nginx-ingress-controller", "--ingress-class=internal"]), lb),
    );
    expect(gw?.ingressNginx).toEqual({ ingressClass: "internal", controllerClass: "k8s.io/ingress-nginx" });
    expect(gw?.ready).toBe(true);
  });

  it("takes its class from the IngressClass naming its controller, else nginx; the chart's labels suffice", () => {
    const ic = { ...ingressClass, metadata: { name: "public" } };
    expect(gatewayServices(configWith(controller([]), lb, ic))[0]?.ingressNginx?.ingressClass).toBe("public");
    expect(
      gatewayServices(configWith(controller([], "example.com/custom:1"), lb))[0]?.ingressNginx?.ingressClass,
    ).toBe("nginx");
  });
});
