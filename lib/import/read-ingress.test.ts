import { describe, expect, it } from "vitest";
import type { K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { importIngress } from "./import-ingress";
import { elementPrefix } from "./read-ingress";

const east = loadExample("00-shared-ingress").clusters[0]!;
type P = { path: string; pathType: string; service: string };

function ingress(
  name: string,
  cls: string,
  paths: P[],
  extra: Record<string, unknown> = {},
  at = "2025-01-01T00:00:00Z",
): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name,
      namespace: "shop",
      creationTimestamp: at,
      annotations: (extra.annotations as Record<string, string>) ?? {},
    },
    spec: {
      ingressClassName: cls,
      ...(extra.defaultBackend ? { defaultBackend: extra.defaultBackend } : {}),
      rules: [
        {
          host: "shop.my-company.io",
          http: {
            paths: paths.map((p) => ({
              path: p.path,
              pathType: p.pathType,
              backend: { service: { name: p.service, port: { number: 80 } } },
            })),
          },
        },
      ],
    },
  };
}

/** Which service the imported route sends a path to: Istio's first-match over the rendered rules. */
function routeOf(objects: K8sObject[], path: string): string | undefined {
  const r = importIngress({ objects, cluster: east });
  for (const rule of r.proposal.routes[0]!.http) {
    const hit = rule.match.some((m) => {
      const p = m.path;
      if (!p) return true;
      if (p.exact !== undefined) return path === p.exact;
      if (p.prefix !== undefined) return path.startsWith(p.prefix);
      const re = p.regex!.startsWith("(?i)")
        ? new RegExp(`^(?:${p.regex!.slice(4)})$`, "i")
        : new RegExp(`^(?:${p.regex})$`);
      return re.test(path);
    });
    if (hit && !rule.match.some((m) => m.headers)) return rule.destinations[0]?.service;
  }
  return undefined;
}

describe("Ingress path semantics", () => {
  it("keeps Kubernetes Prefix element-wise", () => {
    expect(elementPrefix("/foo")).toEqual([{ exact: "/foo" }, { prefix: "/foo/" }]);
    expect(elementPrefix("/foo/")).toEqual([{ exact: "/foo" }, { prefix: "/foo/" }]);
    expect(elementPrefix("/")).toEqual([{ prefix: "/" }]);
    for (const cls of ["istio", "traefik"]) {
      const objs = [ingress("a", cls, [{ path: "/foo", pathType: "Prefix", service: "foo" }])];
      expect([routeOf(objs, "/foo"), routeOf(objs, "/foo/bar"), routeOf(objs, "/foobar")]).toEqual([
        "foo",
        "foo",
        undefined,
      ]);
    }
  });

  it("reads ImplementationSpecific as Istio does for class istio", () => {
    const objs = [
      ingress("a", "istio", [
        { path: "/api/.*", pathType: "ImplementationSpecific", service: "api" },
        { path: "/health", pathType: "ImplementationSpecific", service: "health" },
      ]),
    ];
    expect([routeOf(objs, "/api/x"), routeOf(objs, "/health"), routeOf(objs, "/health/x")]).toEqual([
      "api",
      "health",
      undefined,
    ]);
  });

  it("orders ingress-nginx paths of every Ingress of a host as NGINX picks them", () => {
    const objs = [
      ingress(
        "b",
        "nginx",
        [{ path: "/foo", pathType: "Prefix", service: "short" }],
        {},
        "2025-01-01T00:00:00Z",
      ),
      ingress(
        "a",
        "nginx",
        [
          { path: "/foo/bar", pathType: "Prefix", service: "long" },
          { path: "/foo/bar", pathType: "Exact", service: "exact" },
          { path: "/img", pathType: "ImplementationSpecific", service: "img" },
        ],
        {},
        "2025-02-01T00:00:00Z",
      ),
    ];
    const r = importIngress({ objects: objs, cluster: east });
    expect(r.proposal.routes).toHaveLength(1); // one NGINX server: one route, not two merged VirtualServices
    expect(r.findings.map((f) => f.code)).not.toContain("PTI003");
    expect(
      ["/foo", "/foo/x", "/foobar", "/foo/bar", "/foo/bar/baz", "/img", "/imgs"].map((p) => routeOf(objs, p)),
    ).toEqual(["short", "short", undefined, "exact", "long", "img", "img"]);
  });

  it("makes every path of the host a case-insensitive regex when one Ingress uses use-regex", () => {
    const objs = [
      ingress("plain", "nginx", [
        { path: "/foo/bar", pathType: "Prefix", service: "one" },
        { path: "/foo/bar/", pathType: "Prefix", service: "two" },
      ]),
      ingress(
        "re",
        "nginx",
        [{ path: "/foo/bar/(.+)", pathType: "ImplementationSpecific", service: "three" }],
        {
          annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/$1" },
        },
      ),
    ];
    // ingress-nginx's own example (docs/user-guide/ingress-path-matching.md).
    expect(["/foo/bar/1", "/foo/bar/", "/foo/bar", "/FOO/BAR"].map((p) => routeOf(objs, p))).toEqual([
      "three",
      "two",
      "one",
      "one",
    ]);
  });

  it("sends unmatched paths of an ingress-nginx host to the Ingress's default backend", () => {
    const objs = [
      ingress("a", "nginx", [{ path: "/api", pathType: "Prefix", service: "api" }], {
        defaultBackend: { service: { name: "fallback", port: { number: 80 } } },
      }),
    ];
    expect([routeOf(objs, "/api/x"), routeOf(objs, "/other")]).toEqual(["api", "fallback"]);
  });
});

describe("Istio shared gateways", () => {
  const gw = (
    name: string,
    servers: unknown[],
    selector: Record<string, string> = { istio: "ingressgateway" },
  ): K8sObject => ({
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: "istio-system" },
    spec: { selector, servers },
  });
  const vs = (name: string, spec: Record<string, unknown>, namespace = "shop"): K8sObject => ({
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name, namespace, creationTimestamp: "2025-01-01T00:00:00Z" },
    spec,
  });

  it("keeps httpsRedirect port-80 servers, several Gateways of the workload, exportTo and delegates", () => {
    const objects = [
      gw("public", [
        {
          port: { number: 80, name: "http", protocol: "HTTP" },
          hosts: ["shop.my-company.io"],
          tls: { httpsRedirect: true },
        },
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts: ["shop.my-company.io"],
          tls: { mode: "SIMPLE", credentialName: "shop-tls" },
        },
      ]),
      gw("legacy", [
        { port: { number: 8080, name: "http-alt", protocol: "HTTP" }, hosts: ["old.my-company.io"] },
      ]),
      vs("shop", {
        hosts: ["shop.my-company.io"],
        gateways: ["istio-system/public"],
        exportTo: ["."],
        http: [
          {
            name: "cart",
            match: [{ uri: { prefix: "/cart" } }],
            delegate: { name: "cart", namespace: "cart" },
          },
        ],
      }),
      vs(
        "cart",
        {
          http: [
            {
              name: "items",
              match: [{ uri: { prefix: "/cart/items" } }],
              route: [{ destination: { host: "items" } }],
            },
            { route: [{ destination: { host: "cart" } }] },
          ],
        },
        "cart",
      ),
      vs("old", {
        hosts: ["old.my-company.io"],
        gateways: ["istio-system/legacy"],
        http: [{ route: [{ destination: { host: "old" } }] }],
      }),
    ];
    const r = importIngress({ objects, cluster: east });
    expect(r.proposal.gateways.map((g) => `${g.namespace}/${g.name}`)).toEqual([
      "istio-system/legacy",
      "istio-system/public",
    ]);
    const pub = r.proposal.gateways.find((g) => g.name === "public")!;
    expect(pub.listeners[0]).toEqual({
      name: "http",
      port: 80,
      protocol: "HTTP",
      hosts: ["shop.my-company.io"],
      httpsRedirect: true,
    });
    const shop = r.proposal.routes.find((x) => x.name === "shop")!;
    expect(shop.exportTo).toEqual(["."]);
    expect(shop.http).toEqual([
      {
        name: "items",
        match: [{ path: { prefix: "/cart/items" } }],
        destinations: [{ service: "items", namespace: "cart" }],
      },
      { match: [{ path: { prefix: "/cart" } }], destinations: [{ service: "cart", namespace: "cart" }] },
    ]);
    expect(r.imported).toContain("VirtualService cart/cart");
    expect(r.proposal.routes.map((x) => x.name).sort()).toEqual(["old", "shop"]);
    // The renderer gives back what was read.
    const rendered = renderCluster(
      {
        ...r.proposal,
        gateways: r.proposal.gateways.map((g) => ({ ...g, mode: "product" as const, product: "shop" })),
      },
      "east",
    ).objects as any[];
    const g = rendered.find((o) => o.kind === "Gateway" && o.metadata.name === "public");
    expect(g.spec.servers[0].tls).toEqual({ httpsRedirect: true });
    expect(
      rendered.find((o) => o.kind === "VirtualService" && o.metadata.name === "shop").spec.exportTo,
    ).toEqual(["."]);
  });

  it("never takes over objects Portico does not render: import only reads them", () => {
    const objects = [gw("public", [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }])];
    const frozen = structuredClone(objects);
    importIngress({ objects, cluster: east });
    expect(objects).toEqual(frozen);
  });
});
