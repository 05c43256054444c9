import { describe, expect, it } from "vitest";
import { type KObject, deepEqual } from "../json";
import { gatewayApiStatus, type GatewayApiStatusUpdate } from "./gateway-api-status";
import {
  clusterConfig,
  gateway,
  httpRoute,
  namespace,
  service,
  serviceGrant,
  tlsSecret,
} from "./gateway-api-test-config";
import { type ClusterConfig } from "./types";

const T0 = new Date("2026-03-01T10:00:00.123Z");
const T1 = new Date("2026-03-01T11:00:00Z");

function find(updates: GatewayApiStatusUpdate[], resource: string, ns: string, name: string): KObject {
  const u = updates.find((x) => x.resource === resource && x.namespace === ns && x.name === name);
  if (!u) throw new Error(`no status for ${resource} ${ns}/${name}`);
  return u.status;
}

function cond(conditions: KObject[], type: string): KObject {
  const c = conditions.find((x) => x.type === type);
  if (!c) throw new Error(`no condition ${type}`);
  return c;
}

/** Stores each computed status on its object, as the runtime does after a write. */
function store(config: ClusterConfig, updates: GatewayApiStatusUpdate[]): ClusterConfig {
  const apply = (objs: KObject[], resource: string) =>
    objs.map((o) => {
      const u = updates.find(
        (x) => x.resource === resource && x.namespace === o.metadata.namespace && x.name === o.metadata.name,
      );
      return u ? { ...o, status: u.status } : o;
    });
  return {
    ...config,
    k8sGateways: apply(config.k8sGateways, "gateways"),
    httpRoutes: apply(config.httpRoutes, "httproutes"),
  };
}

// https://gateway-api.sigs.k8s.io/guides/multiple-ns/ and /api-types/referencegrant/ : a shared
// Gateway in infra-ns serving routes of other namespaces, some of them pointing across namespaces.
function sharedEstate(): ClusterConfig {
  return clusterConfig({
    namespaces: [
      namespace("infra-ns"),
      namespace("store-ns", { "shared-gateway-access": "true" }),
      namespace("site-ns"),
    ],
    secrets: [tlsSecret("infra-ns", "gateway-cert")],
    services: [service("store-ns", "store"), service("site-ns", "home"), service("other-ns", "billing")],
    referenceGrants: [serviceGrant("site-ns", "store-ns")],
    k8sGateways: [
      gateway(
        "infra-ns",
        "shared-gateway",
        [
          {
            name: "https",
            hostname: "*.example.com",
            port: 443,
            protocol: "HTTPS",
            allowedRoutes: {
              namespaces: {
                from: "Selector",
                selector: { matchLabels: { "shared-gateway-access": "true" } },
              },
            },
            tls: { certificateRefs: [{ kind: "Secret", name: "gateway-cert" }] },
          },
          {
            name: "https-other",
            hostname: "other.example.org",
            port: 8443,
            protocol: "HTTPS",
            tls: { certificateRefs: [{ kind: "Secret", name: "elsewhere-cert", namespace: "certs" }] },
          },
          {
            name: "missing-cert",
            hostname: "missing.example.org",
            port: 9443,
            protocol: "HTTPS",
            tls: { certificateRefs: [{ name: "nope" }] },
          },
        ],
        { metadata: { generation: 3 } },
      ),
    ],
    httpRoutes: [
      httpRoute("store-ns", "store", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns" }],
        hostnames: ["store.example.com"],
        rules: [{ backendRefs: [{ name: "store", port: 8080 }] }],
      }),
      // Granted by the ReferenceGrant in site-ns.
      httpRoute("store-ns", "granted", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns", sectionName: "https" }],
        hostnames: ["home.example.com"],
        rules: [{ backendRefs: [{ name: "home", namespace: "site-ns", port: 8080 }] }],
      }),
      // No ReferenceGrant in other-ns.
      httpRoute("store-ns", "refused", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns" }],
        hostnames: ["billing.example.com"],
        rules: [{ backendRefs: [{ name: "billing", namespace: "other-ns", port: 8080 }] }],
      }),
      httpRoute("store-ns", "missing", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns" }],
        hostnames: ["ghost.example.com"],
        rules: [{ backendRefs: [{ name: "ghost", port: 8080 }] }],
      }),
      // site-ns is not selected by the listener.
      httpRoute("site-ns", "site", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns" }],
        rules: [{ backendRefs: [{ name: "home", port: 8080 }] }],
      }),
      httpRoute("store-ns", "wrong-host", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns", sectionName: "https" }],
        hostnames: ["store.example.net"],
        rules: [{ backendRefs: [{ name: "store", port: 8080 }] }],
      }),
      httpRoute("store-ns", "no-such-section", {
        parentRefs: [{ name: "shared-gateway", namespace: "infra-ns", sectionName: "http" }],
        rules: [{ backendRefs: [{ name: "store", port: 8080 }] }],
      }),
      httpRoute("store-ns", "no-such-gateway", {
        parentRefs: [{ name: "gone", namespace: "infra-ns" }],
        rules: [{ backendRefs: [{ name: "store", port: 8080 }] }],
      }),
    ],
  });
}

const addresses = (ns: string, name: string) =>
  ns === "infra-ns" && name === "shared-gateway-istio" ? "198.51.100.7" : undefined;

describe("gatewayApiStatus", () => {
  it("accepts and programs a Gateway whose Service has an address, with per-listener status", () => {
    const gw = find(
      gatewayApiStatus(sharedEstate(), addresses, T0),
      "gateways",
      "infra-ns",
      "shared-gateway",
    );
    expect(gw.addresses).toEqual([{ type: "IPAddress", value: "198.51.100.7" }]);
    expect(cond(gw.conditions, "Accepted")).toEqual({
      type: "Accepted",
      status: "True",
      reason: "Accepted",
      message: "Resource accepted",
      lastTransitionTime: "2026-03-01T10:00:00Z",
      observedGeneration: 3,
    });
    expect(cond(gw.conditions, "Programmed")).toMatchObject({ status: "True", reason: "Programmed" });
    const [https, other, missing] = gw.listeners;
    // store and granted attach; refused and missing attach too (bad backends do not detach a route);
    // site is not selected, wrong-host does not intersect.
    expect(https).toMatchObject({
      name: "https",
      attachedRoutes: 4,
      supportedKinds: [
        { group: "gateway.networking.k8s.io", kind: "HTTPRoute" },
        { group: "gateway.networking.k8s.io", kind: "GRPCRoute" },
      ],
    });
    expect(cond(https.conditions, "ResolvedRefs")).toMatchObject({ status: "True" });
    expect(cond(other.conditions, "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "RefNotPermitted",
    });
    expect(cond(other.conditions, "Programmed")).toMatchObject({ status: "False", reason: "Invalid" });
    expect(cond(missing.conditions, "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "InvalidCertificateRef",
    });
  });

  it("reports AddressNotAssigned until the Service has an address", () => {
    const gw = find(
      gatewayApiStatus(sharedEstate(), () => undefined, T0),
      "gateways",
      "infra-ns",
      "shared-gateway",
    );
    expect(gw.addresses).toBeUndefined();
    expect(cond(gw.conditions, "Programmed")).toMatchObject({
      status: "False",
      reason: "AddressNotAssigned",
    });
  });

  it("reports a Hostname address for a load balancer that gives names", () => {
    const gw = find(
      gatewayApiStatus(sharedEstate(), () => "lb-1.elb.example.com", T0),
      "gateways",
      "infra-ns",
      "shared-gateway",
    );
    expect(gw.addresses).toEqual([{ type: "Hostname", value: "lb-1.elb.example.com" }]);
  });

  it("refuses a Gateway asking for a service type the deployer cannot give (InvalidParameters)", () => {
    const c = sharedEstate();
    c.k8sGateways[0]!.metadata.annotations = { "networking.istio.io/service-type": "Headless" };
    const gw = find(gatewayApiStatus(c, addresses, T0), "gateways", "infra-ns", "shared-gateway");
    expect(cond(gw.conditions, "Accepted")).toMatchObject({ status: "False", reason: "InvalidParameters" });
  });

  it("writes HTTPRoute parents with Accepted and ResolvedRefs as Istio does", () => {
    const updates = gatewayApiStatus(sharedEstate(), addresses, T0);
    const parent = (name: string, ns = "store-ns") => {
      const parents = find(updates, "httproutes", ns, name).parents as KObject[];
      expect(parents).toHaveLength(1);
      expect(parents[0]!.controllerName).toBe("istio.io/gateway-controller");
      return parents[0]!;
    };
    const store = parent("store");
    expect(store.parentRef).toEqual({ name: "shared-gateway", namespace: "infra-ns" });
    expect(cond(store.conditions, "Accepted")).toMatchObject({ status: "True", reason: "Accepted" });
    expect(cond(store.conditions, "ResolvedRefs")).toMatchObject({ status: "True", reason: "ResolvedRefs" });
    expect(cond(parent("granted").conditions, "ResolvedRefs")).toMatchObject({ status: "True" });
    expect(cond(parent("refused").conditions, "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "RefNotPermitted",
    });
    expect(cond(parent("refused").conditions, "Accepted")).toMatchObject({ status: "True" });
    expect(cond(parent("missing").conditions, "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "BackendNotFound",
    });
    expect(cond(parent("site", "site-ns").conditions, "Accepted")).toMatchObject({
      status: "False",
      reason: "NotAllowedByListeners",
    });
    expect(cond(parent("wrong-host").conditions, "Accepted")).toMatchObject({
      status: "False",
      reason: "NoMatchingListenerHostname",
    });
    expect(cond(parent("no-such-section").conditions, "Accepted")).toMatchObject({
      status: "False",
      reason: "NoMatchingParent",
    });
    expect(cond(parent("no-such-gateway").conditions, "Accepted")).toMatchObject({
      status: "False",
      reason: "NoMatchingParent",
    });
  });

  it("is stable: the same input gives deep-equal output, and stored status does not change", () => {
    const c = sharedEstate();
    const first = gatewayApiStatus(c, addresses, T0);
    expect(deepEqual(gatewayApiStatus(c, addresses, T0), first)).toBe(true);
    // Written back and recomputed an hour later: nothing changed, so nothing differs.
    const stored = store(c, first);
    expect(deepEqual(gatewayApiStatus(stored, addresses, T1), first)).toBe(true);
  });

  it("moves lastTransitionTime only for conditions whose status changed", () => {
    const stored = store(
      sharedEstate(),
      gatewayApiStatus(sharedEstate(), () => undefined, T0),
    );
    const gw = find(gatewayApiStatus(stored, addresses, T1), "gateways", "infra-ns", "shared-gateway");
    expect(cond(gw.conditions, "Programmed")).toMatchObject({
      status: "True",
      lastTransitionTime: "2026-03-01T11:00:00Z",
    });
    expect(cond(gw.conditions, "Accepted").lastTransitionTime).toBe("2026-03-01T10:00:00Z");
  });

  it("keeps other controllers' parent entries and leaves other classes' Gateways alone", () => {
    const c = sharedEstate();
    const foreign = {
      parentRef: { name: "theirs" },
      controllerName: "example.com/gateway-controller",
      conditions: [
        {
          type: "Accepted",
          status: "True",
          reason: "Accepted",
          message: "",
          lastTransitionTime: "2025-01-01T00:00:00Z",
        },
      ],
    };
    c.httpRoutes[0]!.status = { parents: [foreign] };
    c.k8sGateways.push(gateway("infra-ns", "theirs", [], { spec: { gatewayClassName: "theirs" } }));
    c.gatewayClasses.push({
      metadata: { name: "theirs" },
      spec: { controllerName: "example.com/gateway-controller" },
    });
    const updates = gatewayApiStatus(c, addresses, T0);
    expect(find(updates, "httproutes", "store-ns", "store").parents[0]).toEqual(foreign);
    expect(updates.some((u) => u.resource === "gateways" && u.name === "theirs")).toBe(false);
  });
});
