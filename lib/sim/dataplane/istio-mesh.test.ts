// Sidecar routing. Cases follow istio.io/latest/docs/reference/config/networking/virtual-service/
// (hosts short names, sourceLabels, gateways "mesh") and the Kubernetes DNS search list.
import { describe, expect, it } from "vitest";
import { type KObject } from "../json";
import { resolveMeshHost, routeIstioMesh } from "./istio-mesh";
import {
  configWith,
  firstPick,
  request,
  service,
  serviceEntry,
  virtualService,
  workload,
} from "./test-config";

const checkout = workload("checkout/checkout", { app: "checkout", version: "v1" });
const payments = service("payments/payments", [80]);

function where(objects: KObject[], url: string, source = checkout, headers?: Record<string, string>): string {
  const d = routeIstioMesh(configWith(...objects), source, request(url, { headers }), firstPick);
  if (d.kind !== "forward") return d.kind;
  return `${d.destination.host}${d.destination.subset ? `|${d.destination.subset}` : ""} ${d.path}`;
}

describe("resolveMeshHost", () => {
  it("resolves short, partial and full names as a pod's DNS search list does", () => {
    const config = configWith(payments, serviceEntry("default/ext", { hosts: ["api.partner.com"] }));
    const fqdn = "payments.payments.svc.cluster.local";
    expect(resolveMeshHost(config, "payments", "payments")).toBe(fqdn);
    expect(resolveMeshHost(config, "payments.payments", "checkout")).toBe(fqdn);
    expect(resolveMeshHost(config, "payments.payments.svc", "checkout")).toBe(fqdn);
    expect(resolveMeshHost(config, fqdn, "checkout")).toBe(fqdn);
    expect(resolveMeshHost(config, "api.partner.com", "checkout")).toBe("api.partner.com");
    // "payments" from another namespace is that namespace's payments, which does not exist.
    expect(resolveMeshHost(config, "payments", "checkout")).toBeUndefined();
  });
});

describe("routeIstioMesh", () => {
  it("forwards to the host itself when no VirtualService is bound to the mesh for it", () => {
    expect(
      routeIstioMesh(configWith(payments), checkout, request("http://payments.payments/pay?x=1"), firstPick),
    ).toEqual({
      kind: "forward",
      destination: { host: "payments.payments.svc.cluster.local", port: 80, fromNamespace: "checkout" },
      path: "/pay?x=1",
      host: "payments.payments",
      routeObject: "",
      routeName: "default",
    });
  });

  it("answers no-route for a name that is neither a Service nor a ServiceEntry host", () => {
    expect(routeIstioMesh(configWith(payments), checkout, request("http://nowhere/"), firstPick)).toEqual({
      kind: "no-route",
      reason: "no such host in the mesh",
    });
  });

  it("applies a VirtualService whose short host is resolved in its own namespace", () => {
    const vs = virtualService("payments/payments", {
      hosts: ["payments"],
      http: [
        { match: [{ uri: { prefix: "/v2" } }], route: [{ destination: { host: "payments", subset: "v2" } }] },
      ],
    });
    expect(where([payments, vs], "http://payments.payments.svc.cluster.local/v2/pay")).toBe(
      "payments.payments.svc.cluster.local|v2 /v2/pay",
    );
    // A VirtualService exists for the host but no rule matches: 404, not the default route.
    expect(where([payments, vs], "http://payments.payments/v1/pay")).toBe("no-route");
  });

  // VS HTTPMatchRequest.sourceLabels: the rule applies only to clients with these labels.
  it("honours sourceLabels and sourceNamespace", () => {
    const vs = virtualService("payments/payments", {
      hosts: ["payments.payments.svc.cluster.local"],
      http: [
        {
          match: [{ sourceLabels: { app: "checkout", version: "v2" } }],
          route: [{ destination: { host: "payments", subset: "canary" } }],
        },
        {
          match: [{ sourceNamespace: "checkout" }],
          route: [{ destination: { host: "payments", subset: "stable" } }],
        },
      ],
    });
    const checkoutV2 = workload("checkout/checkout-v2", { app: "checkout", version: "v2" });
    const billing = workload("billing/billing", { app: "billing" });
    expect(where([payments, vs], "http://payments.payments/", checkoutV2)).toBe(
      "payments.payments.svc.cluster.local|canary /",
    );
    expect(where([payments, vs], "http://payments.payments/", checkout)).toBe(
      "payments.payments.svc.cluster.local|stable /",
    );
    // No rule applies to billing: istiod leaves the VirtualService out of billing's sidecar.
    expect(where([payments, vs], "http://payments.payments/", billing)).toBe(
      "payments.payments.svc.cluster.local /",
    );
  });

  it("ignores VirtualServices bound only to gateways, and honours those listing mesh", () => {
    const gwOnly = virtualService("payments/edge", {
      hosts: ["payments"],
      gateways: ["payments/gw"],
      http: [{ route: [{ destination: { host: "elsewhere" } }] }],
    });
    expect(where([payments, gwOnly], "http://payments.payments/")).toBe(
      "payments.payments.svc.cluster.local /",
    );
    const both = virtualService("payments/both", {
      hosts: ["payments"],
      gateways: ["payments/gw", "mesh"],
      http: [{ route: [{ destination: { host: "payments", subset: "both" } }] }],
    });
    expect(where([payments, both], "http://payments.payments/")).toBe(
      "payments.payments.svc.cluster.local|both /",
    );
  });

  it("hides a VirtualService exported only to its own namespace from other namespaces' clients", () => {
    const vs = virtualService("payments/private", {
      hosts: ["payments"],
      exportTo: ["."],
      http: [{ route: [{ destination: { host: "payments", subset: "private" } }] }],
    });
    expect(where([payments, vs], "http://payments.payments/")).toBe("payments.payments.svc.cluster.local /");
    const inside = workload("payments/worker", { app: "worker" });
    expect(where([payments, vs], "http://payments/", inside)).toBe(
      "payments.payments.svc.cluster.local|private /",
    );
  });

  it("routes ServiceEntry hosts, the exact host before a wildcard", () => {
    const se = serviceEntry("default/partner", {
      hosts: ["api.partner.com", "*.partner.com"],
      location: "MESH_EXTERNAL",
    });
    const wildcard = virtualService("default/wild", {
      hosts: ["*.partner.com"],
      http: [{ route: [{ destination: { host: "egress.partner.com" } }] }],
    });
    const exact = virtualService("default/exact", {
      hosts: ["api.partner.com"],
      http: [{ timeout: "3s", route: [{ destination: { host: "api.partner.com" } }] }],
    });
    expect(where([se, wildcard, exact], "http://api.partner.com/x")).toBe("api.partner.com /x");
    expect(where([se, wildcard, exact], "http://www.partner.com/x")).toBe("egress.partner.com /x");
  });
});
