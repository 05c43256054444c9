import { describe, expect, it } from "vitest";
import { istioPortPlan, istioServersFor, istioTls } from "./istio-gateway";
import { configWith, firstPick, istioGateway, pickAt, virtualService, workload } from "./test-config";

const ingress = workload("some-config-namespace/my-gateway-controller", { app: "my-gateway-controller" });

// istio.io/latest/docs/reference/config/networking/gateway/ — the "my-gateway" example.
const myGateway = istioGateway("some-config-namespace/my-gateway", {
  selector: { app: "my-gateway-controller" },
  servers: [
    {
      port: { number: 80, name: "http", protocol: "HTTP" },
      hosts: ["uk.bookinfo.com", "eu.bookinfo.com"],
      tls: { httpsRedirect: true },
    },
    {
      port: { number: 9443, name: "https-9443", protocol: "HTTPS" },
      hosts: ["bookinfo-namespace/*.bookinfo.com"],
      tls: { mode: "SIMPLE", credentialName: "bookinfo-secret" },
    },
    { port: { number: 9080, name: "http-wildcard", protocol: "HTTP" }, hosts: ["*"] },
    { port: { number: 2379, name: "mongo", protocol: "MONGO" }, hosts: ["*"] },
  ],
});

describe("istioServersFor", () => {
  it("finds the servers of Gateways selecting the workload, on the port or its target port", () => {
    const config = configWith(myGateway);
    const onPort = istioServersFor(config, ingress, { port: 80, targetPort: 8080 });
    expect(onPort.map((s) => [s.gateway, s.portNumber])).toEqual([["some-config-namespace/my-gateway", 80]]);
    // A Service port 443 whose target port is 9443 reaches the 9443 server.
    const onTarget = istioServersFor(config, ingress, { port: 443, targetPort: 9443 });
    expect(onTarget.map((s) => s.server.port.name)).toEqual(["https-9443"]);
    expect(onTarget[0]!.hosts).toEqual([{ namespace: "bookinfo-namespace", host: "*.bookinfo.com" }]);
  });

  it("finds nothing when the selector does not match the workload's labels", () => {
    const config = configWith(myGateway);
    const other = workload("istio-system/istio-ingressgateway", { istio: "ingressgateway" });
    expect(istioServersFor(config, other, { port: 80, targetPort: 80 })).toEqual([]);
  });

  it("finds nothing for a Gateway without selector, rather than attaching to every workload", () => {
    const noSelector = istioGateway("default/open", {
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
    });
    expect(istioServersFor(configWith(noSelector), ingress, { port: 80, targetPort: 80 })).toEqual([]);
  });

  it("reads Gateways of every namespace", () => {
    const elsewhere = istioGateway("team-a/gw", {
      selector: { app: "my-gateway-controller" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["a.example.com"] }],
    });
    const servers = istioServersFor(configWith(myGateway, elsewhere), ingress, { port: 80, targetPort: 80 });
    expect(servers.map((s) => s.gateway)).toEqual(["some-config-namespace/my-gateway", "team-a/gw"]);
  });
});

describe("istioPortPlan", () => {
  it("plans HTTP, TLS or nothing from the servers' protocols", () => {
    const config = configWith(myGateway);
    const plan = (port: number) => istioPortPlan(config, ingress, { port, targetPort: port }).protocol;
    expect(plan(80)).toBe("HTTP");
    expect(plan(9443)).toBe("TLS");
    expect(plan(2379)).toBe("NONE");
    expect(plan(1234)).toBe("NONE");
  });
});

describe("istioTls", () => {
  // gateway.md: SIMPLE TLS with credentialName fetches the certificate from a Kubernetes Secret,
  // which Istio reads in the namespace of the gateway workload.
  it("terminates SIMPLE TLS with the credential from the workload's namespace", () => {
    const config = configWith(myGateway);
    const port = { port: 443, targetPort: 9443 };
    expect(istioTls(config, ingress, port, "uk.bookinfo.com")).toEqual({
      kind: "terminate",
      secretNamespace: "some-config-namespace",
      secretName: "bookinfo-secret",
    });
    expect(istioTls(config, ingress, port, "bookinfo.com")).toMatchObject({ kind: "refuse" });
    expect(istioTls(config, ingress, port, "uk.example.com")).toMatchObject({
      kind: "refuse",
      reason: "no server for SNI uk.example.com",
    });
  });

  it("prefers an exact host over a wildcard, and a longer wildcard over a shorter one", () => {
    const gw = istioGateway("edge/gw", {
      selector: { app: "my-gateway-controller" },
      servers: [
        {
          port: { number: 443, name: "a", protocol: "HTTPS" },
          hosts: ["*"],
          tls: { mode: "SIMPLE", credentialName: "any" },
        },
        {
          port: { number: 443, name: "b", protocol: "HTTPS" },
          hosts: ["*.example.com"],
          tls: { mode: "SIMPLE", credentialName: "wild" },
        },
        {
          port: { number: 443, name: "c", protocol: "HTTPS" },
          hosts: ["*.api.example.com"],
          tls: { mode: "SIMPLE", credentialName: "api-wild" },
        },
        {
          port: { number: 443, name: "d", protocol: "HTTPS" },
          hosts: ["./pay.api.example.com"],
          tls: { mode: "MUTUAL", credentialName: "pay" },
        },
      ],
    });
    const config = configWith(gw);
    const secret = (sni: string | undefined) => {
      const d = istioTls(config, ingress, { port: 443, targetPort: 443 }, sni);
      return d.kind === "terminate" ? d.secretName : d.kind;
    };
    expect(secret("pay.api.example.com")).toBe("pay");
    expect(secret("x.api.example.com")).toBe("api-wild");
    expect(secret("www.example.com")).toBe("wild");
    expect(secret("other.org")).toBe("any");
    // Without SNI only a "*" server can answer.
    expect(secret(undefined)).toBe("any");
  });

  it("refuses a connection without SNI when no server has host *", () => {
    const config = configWith(myGateway);
    expect(istioTls(config, ingress, { port: 9443, targetPort: 9443 }, undefined)).toEqual({
      kind: "refuse",
      reason: "no server accepts a connection without SNI",
    });
  });

  // virtual-service.md TLSRoute example "bookinfo-sni": a PASSTHROUGH server forwards by SNI to the
  // destination of the VirtualService's tls route whose sniHosts match.
  const passthroughGateway = istioGateway("default/mygateway", {
    selector: { app: "my-gateway-controller" },
    servers: [
      {
        port: { number: 443, name: "tls", protocol: "TLS" },
        hosts: ["*.bookinfo.com"],
        tls: { mode: "PASSTHROUGH" },
      },
    ],
  });
  const bookinfoSni = virtualService("default/bookinfo-sni", {
    hosts: ["*.bookinfo.com"],
    gateways: ["mygateway"],
    tls: [
      {
        match: [{ port: 443, sniHosts: ["login.bookinfo.com"] }],
        route: [{ destination: { host: "login.prod.svc.cluster.local" } }],
      },
      {
        match: [{ port: 443, sniHosts: ["reviews.bookinfo.com"] }],
        route: [{ destination: { host: "reviews.prod.svc.cluster.local" } }],
      },
    ],
  });

  it("passes TLS through to the destination of the tls route matching the SNI", () => {
    const config = configWith(passthroughGateway, bookinfoSni);
    const port = { port: 443, targetPort: 443 };
    expect(istioTls(config, ingress, port, "reviews.bookinfo.com", firstPick)).toEqual({
      kind: "passthrough",
      destination: { host: "reviews.prod.svc.cluster.local", fromNamespace: "default" },
      routeObject: "default/bookinfo-sni",
    });
    expect(istioTls(config, ingress, port, "login.bookinfo.com", firstPick)).toMatchObject({
      destination: { host: "login.prod.svc.cluster.local" },
    });
    expect(istioTls(config, ingress, port, "ratings.bookinfo.com", firstPick)).toEqual({
      kind: "refuse",
      reason:
        "PASSTHROUGH server of default/mygateway has no VirtualService tls route for SNI ratings.bookinfo.com",
    });
  });

  it("refuses passthrough when no VirtualService binds a tls route to the gateway", () => {
    const config = configWith(passthroughGateway);
    expect(istioTls(config, ingress, { port: 443, targetPort: 443 }, "login.bookinfo.com")).toMatchObject({
      kind: "refuse",
    });
  });

  it("ignores a tls route whose match names another port", () => {
    const otherPort = virtualService("default/other-port", {
      hosts: ["*.bookinfo.com"],
      gateways: ["default/mygateway"],
      tls: [
        {
          match: [{ port: 8443, sniHosts: ["login.bookinfo.com"] }],
          route: [{ destination: { host: "x" } }],
        },
      ],
    });
    const config = configWith(passthroughGateway, otherPort);
    expect(istioTls(config, ingress, { port: 443, targetPort: 443 }, "login.bookinfo.com").kind).toBe(
      "refuse",
    );
  });

  it("picks among weighted passthrough destinations with the given pick", () => {
    const split = virtualService("default/split", {
      hosts: ["*.bookinfo.com"],
      gateways: ["mygateway"],
      tls: [
        {
          match: [{ sniHosts: ["login.bookinfo.com"] }],
          route: [
            { destination: { host: "login-v1" }, weight: 90 },
            { destination: { host: "login-v2" }, weight: 10 },
          ],
        },
      ],
    });
    const config = configWith(passthroughGateway, split);
    const at = (r: number) => {
      const d = istioTls(config, ingress, { port: 443, targetPort: 443 }, "login.bookinfo.com", pickAt(r));
      return d.kind === "passthrough" ? d.destination.host : d.kind;
    };
    expect(at(0.5)).toBe("login-v1.default.svc.cluster.local");
    expect(at(0.95)).toBe("login-v2.default.svc.cluster.local");
  });
});
