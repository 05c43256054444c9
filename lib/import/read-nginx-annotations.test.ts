import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { importIngress } from "./import-ingress";
import { NGINX_PREFIX } from "./nginx-settings";

const east = loadExample("00-shared-ingress").clusters[0]!;
const ANNOTATIONS = readFileSync(new URL("./fixtures/ingress-nginx-annotations.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l && !l.startsWith("#"));

/** Values that make each translated annotation take effect (the rest get "true"). */
const VALUES: Record<string, string> = {
  "rewrite-target": "/$2",
  "app-root": "/app",
  "permanent-redirect": "https://new.my-company.io/shop",
  "permanent-redirect-code": "308",
  "temporal-redirect": "https://tmp.my-company.io/",
  "temporal-redirect-code": "307",
  "canary-weight": "20",
  "canary-weight-total": "100",
  "canary-by-header": "X-Canary",
  "canary-by-header-value": "yes",
  "canary-by-header-pattern": "^y.*",
  "canary-by-cookie": "canary",
  "backend-protocol": "GRPCS",
  "proxy-connect-timeout": "5",
  "proxy-read-timeout": "120",
  "proxy-send-timeout": "30",
  "cors-allow-origin": "https://*.my-company.io, https://app.example.com",
  "cors-allow-methods": "GET, POST",
  "cors-max-age": "600",
  "upstream-vhost": "internal.shop",
  "x-forwarded-prefix": "/shop",
  "whitelist-source-range": "10.0.0.0/8,192.168.0.1",
  "denylist-source-range": "10.1.0.0/16",
  affinity: "cookie",
  "session-cookie-name": "route",
  "session-cookie-max-age": "3600",
  "session-cookie-expires": "3600",
  "session-cookie-path": "/",
  "proxy-body-size": "8m",
};

function ingress(name: string, annotations: Record<string, string>, path = "/shop(/|$)(.*)"): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name,
      namespace: "shop",
      creationTimestamp: "2025-01-01T00:00:00Z",
      annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [NGINX_PREFIX + k, v])),
    },
    spec: {
      ingressClassName: "nginx",
      tls: [{ hosts: ["shop.my-company.io"], secretName: "shop-tls" }],
      rules: [
        {
          host: "shop.my-company.io",
          http: {
            paths: [
              {
                path,
                pathType: "ImplementationSpecific",
                backend: { service: { name: "shop", port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

describe("ingress-nginx annotations", () => {
  it("holds the whole list of ingress-nginx's documented annotations", () => {
    expect(ANNOTATIONS.length).toBeGreaterThan(120);
    expect(ANNOTATIONS).toContain("configuration-snippet");
    expect(ANNOTATIONS).toContain("canary-by-header-pattern");
  });

  it("translates or reports every documented annotation, each on its own", () => {
    const silent: string[] = [];
    for (const name of ANNOTATIONS) {
      const canary: Record<string, string> = name.startsWith("canary-") ? { canary: "true" } : {};
      const cors: Record<string, string> = name.startsWith("cors-") ? { "enable-cors": "true" } : {};
      const affinity: Record<string, string> = name.startsWith("session-cookie-")
        ? { affinity: "cookie" }
        : {};
      const main = ingress("main", {});
      const ing = ingress(name.slice(0, 40), {
        ...canary,
        ...cors,
        ...affinity,
        [name]: VALUES[name] ?? "true",
      });
      const r = importIngress({ objects: canary.canary ? [main, ing] : [ing], cluster: east });
      const reported = r.findings.some((f) => f.message.includes(`${NGINX_PREFIX}${name} `));
      const route = JSON.stringify(r.proposal);
      const before = JSON.stringify(
        importIngress({
          objects: canary.canary
            ? [main, ingress(name.slice(0, 40), { ...canary })]
            : [ingress(name.slice(0, 40), { ...cors, ...affinity })],
          cluster: east,
        }).proposal,
      );
      // Translated means the topology differs from the one without the annotation.
      if (!reported && route === before) silent.push(name);
    }
    // use-regex/ssl-redirect/force-ssl-redirect/preserve-trailing-slash/cors-allow-headers etc. with
    // their defaults change nothing, which is faithful; they are listed here so none slips by.
    expect(silent.sort()).toEqual(
      [
        "canary-weight-total",
        "cors-allow-credentials",
        "force-ssl-redirect",
        "preserve-trailing-slash",
        "ssl-redirect",
      ].sort(),
    );
  });

  it("names the object, the annotation and what to do instead for untranslatable ones", () => {
    const r = importIngress({
      objects: [
        ingress("snippets", {
          "configuration-snippet": "more_set_headers 'X: y';",
          "auth-url": "https://auth.example.com/check",
          "limit-rps": "10",
          "modsecurity-snippet": "SecRuleEngine On",
          "made-up-annotation": "1",
        }),
      ],
      cluster: east,
    });
    const f = r.findings.filter((x) => x.code === "PTI008");
    expect(f.map((x) => x.message)).toEqual([
      `Ingress shop/snippets: annotation ${NGINX_PREFIX}auth-url is not translated.`,
      `Ingress shop/snippets: annotation ${NGINX_PREFIX}configuration-snippet is not translated.`,
      `Ingress shop/snippets: annotation ${NGINX_PREFIX}limit-rps is not translated.`,
      `Ingress shop/snippets: annotation ${NGINX_PREFIX}made-up-annotation is not translated.`,
      `Ingress shop/snippets: annotation ${NGINX_PREFIX}modsecurity-snippet is not translated.`,
    ]);
    expect(f[0]!.objects).toEqual([
      { cluster: "east", kind: "Ingress", namespace: "shop", name: "snippets" },
    ]);
    expect(f[0]!.hint).toMatch(/AuthorizationPolicy with action CUSTOM/);
    expect(f[2]!.hint).toMatch(/rate limit/);
  });

  it("turns rewrite-target with capture groups into a case-insensitive regex route and rewrite", () => {
    const r = importIngress({
      objects: [
        ingress("shop", { "use-regex": "true", "rewrite-target": "/$2", "upstream-vhost": "shop.internal" }),
      ],
      cluster: east,
    });
    const rule = r.proposal.routes[0]!.http[0]!;
    expect(rule.match).toEqual([{ path: { regex: "(?i)(?:/shop(/|$)(.*)).*" } }]);
    expect(rule.rewrite).toEqual({
      uriRegex: { match: "(?i)^(?:/shop(/|$)(.*)).*", substitution: "/\\2" },
      authority: "shop.internal",
    });
    const vs = renderCluster(r.proposal, "east").objects.find((o) => o.kind === "VirtualService") as any;
    expect(vs.spec.http[0].rewrite).toEqual({
      uriRegexRewrite: { match: "(?i)^(?:/shop(/|$)(.*)).*", rewrite: "/\\2" },
      authority: "shop.internal",
    });
    // The rewrite does what NGINX's does: /shop/new -> /new, /shop -> /.
    const re = new RegExp(rule.rewrite!.uriRegex!.match.replace("(?i)", ""), "i");
    expect("/shop/new".replace(re, "/$2")).toBe("/new");
    expect("/SHOP".replace(re, "/$2")).toBe("/");
  });

  it("translates redirects, app-root, CORS, timeouts, headers, body size and backend settings", () => {
    const r = importIngress({
      objects: [
        ingress(
          "shop",
          {
            "app-root": "/app",
            "enable-cors": "true",
            "cors-allow-origin": "https://*.my-company.io",
            "proxy-read-timeout": "120",
            "proxy-connect-timeout": "3",
            "x-forwarded-prefix": "/shop",
            "proxy-body-size": "1m",
            "backend-protocol": "GRPC",
            affinity: "cookie",
          },
          "/shop",
        ),
        {
          ...ingress(
            "old",
            { "permanent-redirect": "https://new.my-company.io/x", "permanent-redirect-code": "308" },
            "/old",
          ),
        },
      ],
      cluster: east,
    });
    const http = r.proposal.routes[0]!.http;
    expect(http[0]).toEqual({
      name: "app-root",
      match: [{ path: { exact: "/" } }],
      destinations: [],
      redirect: { uri: "/app", code: 302 },
    });
    const shop = http.find((h) => h.destinations[0]?.service === "shop")!;
    expect(shop).toMatchObject({
      timeout: "120s",
      setRequestHeaders: { "x-forwarded-prefix": "/shop" },
      maxRequestBodyBytes: 1024 * 1024,
      cors: {
        allowOrigins: [{ regex: "https://[^.]+\\.my-company\\.io" }],
        allowCredentials: true,
        maxAge: "1728000s",
      },
    });
    expect(http.find((h) => h.redirect?.authority)!.redirect).toEqual({
      scheme: "https",
      authority: "new.my-company.io",
      uri: "/x",
      code: 308,
    });
    expect(r.proposal.services[0]!.backend).toEqual({
      protocol: "GRPC",
      connectTimeout: "3s",
      sessionCookie: { name: "INGRESSCOOKIE", ttl: "0s" },
    });
    const objects = renderCluster(r.proposal, "east").objects as any[];
    const dr = objects.find((o) => o.kind === "DestinationRule");
    expect(dr.spec.trafficPolicy).toEqual({
      connectionPool: { tcp: { connectTimeout: "3s" }, http: { h2UpgradePolicy: "UPGRADE" } },
      loadBalancer: { consistentHash: { httpCookie: { name: "INGRESSCOOKIE", ttl: "0s" } } },
    });
    const vs = objects.find((o) => o.kind === "VirtualService");
    expect(vs.spec.http[0].redirect).toEqual({ uri: "/app", redirectCode: 302 });
    expect(vs.spec.http.some((h: any) => h.corsPolicy?.maxAge === "1728000s")).toBe(true);
    expect(renderCluster(r.proposal, "east").notExpressible.map((n) => n.message)).toEqual([
      expect.stringMatching(/no request body limit \(1048576 bytes\)/),
    ]);
  });

  it("turns a canary Ingress into header, cookie and weighted rules in ingress-nginx's precedence", () => {
    const main = ingress("main", {}, "/shop");
    const canary = {
      ...ingress(
        "canary",
        {
          canary: "true",
          "canary-by-header": "X-Canary",
          "canary-by-cookie": "beta",
          "canary-weight": "1",
          "canary-weight-total": "4",
        },
        "/shop",
      ),
    };
    (canary as any).spec.rules[0].http.paths[0].backend.service.name = "shop-v2";
    const r = importIngress({ objects: [main, canary], cluster: east });
    const http = r.proposal.routes[0]!.http;
    expect(
      http.map((h) => [
        h.match[0]!.headers ?? {},
        h.destinations.map((d) => `${d.service}:${d.weight ?? ""}`),
      ]),
    ).toEqual([
      [{ "x-canary": { exact: "always" } }, ["shop-v2:"]],
      [{ "x-canary": { exact: "never" } }, ["shop:"]],
      [{ cookie: { regex: "(.*;\\s*)?beta=always(;.*)?" } }, ["shop-v2:"]],
      [{ cookie: { regex: "(.*;\\s*)?beta=never(;.*)?" } }, ["shop:"]],
      [{}, ["shop:75", "shop-v2:25"]],
    ]);
    expect(r.imported).toContain("Ingress shop/canary");
  });

  it("keeps allow- and deny-lists as DENY policies on the gateway for the Ingress's paths", () => {
    const r = importIngress({
      objects: [
        ingress(
          "shop",
          { "whitelist-source-range": "10.0.0.0/8", "denylist-source-range": "10.9.0.0/16" },
          "/shop",
        ),
      ],
      cluster: east,
    });
    expect(r.proposal.policies.authorization).toEqual([
      {
        name: "shop-allow-list",
        product: "shop",
        target: { gateway: "ingress-nginx/nginx" },
        action: "DENY",
        rules: [
          {
            from: { notIpBlocks: ["10.0.0.0/8"] },
            to: { hosts: ["shop.my-company.io"], paths: ["/shop*"] },
          },
        ],
      },
      {
        name: "shop-deny-list",
        product: "shop",
        target: { gateway: "ingress-nginx/nginx" },
        action: "DENY",
        rules: [
          {
            from: { ipBlocks: ["10.9.0.0/16"] },
            to: { hosts: ["shop.my-company.io"], paths: ["/shop*"] },
          },
        ],
      },
    ]);
  });

  it("reports the https redirect's 301 and, unless preserve-trailing-slash, the trailing slash Istio keeps", () => {
    const redirect = (annotations: Record<string, string>) =>
      importIngress({ objects: [ingress("shop", annotations, "/shop")], cluster: east })
        .findings.filter((f) => f.code === "PTI009")
        .map((f) => f.message)
        .find((m) => m.startsWith("http://shop.my-company.io redirects"));
    expect(redirect({})).toMatch(
      /301 \(Istio\) where ingress-nginx answered 308, and keeps a trailing slash/,
    );
    expect(redirect({ "preserve-trailing-slash": "true" })).toBe(
      "http://shop.my-company.io redirects to https with 301 (Istio) where ingress-nginx answered 308.",
    );
  });
});
