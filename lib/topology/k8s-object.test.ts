import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyOrder, compareObjects, objectKey, sortObjects, type K8sObject } from "./k8s-object";
import { toYaml } from "./to-yaml";
import { isManagedByPortico, ownership } from "./ownership";

const obj = (kind: string, name: string, namespace?: string, apiVersion = "v1"): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe("object helpers", () => {
  it("keys objects by apiVersion/kind/namespace/name", () => {
    expect(objectKey(obj("Namespace", "payments"))).toBe("v1/Namespace//payments");
    expect(objectKey(obj("Gateway", "gw", "payments", "networking.istio.io/v1"))).toBe(
      "networking.istio.io/v1/Gateway/payments/gw",
    );
  });

  it("ranks kinds in apply order", () => {
    const kinds = [
      "Namespace",
      "ServiceAccount",
      "Role",
      "RoleBinding",
      "ConfigMap",
      "Secret",
      "Deployment",
      "Service",
      "PodDisruptionBudget",
      "HorizontalPodAutoscaler",
      "Gateway",
      "VirtualService",
      "DestinationRule",
      "ServiceEntry",
      "AuthorizationPolicy",
      "RequestAuthentication",
    ];
    const ranks = kinds.map(applyOrder);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(applyOrder("Unknown")).toBeGreaterThan(applyOrder("RequestAuthentication"));
  });

  it("sorts objects and serialises deterministically", () => {
    const a = [obj("Service", "b", "x"), obj("Namespace", "x"), obj("Service", "a", "x")];
    expect(sortObjects(a).map((o) => o.metadata.name)).toEqual(["x", "a", "b"]);
    const o1 = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { b: "1", a: "2" } };
    const o2 = { metadata: { name: "c" }, data: { a: "2", b: "1" }, kind: "ConfigMap", apiVersion: "v1" };
    expect(toYaml([o1])).toBe(toYaml([o2]));
    expect(toYaml([o1])).toBe(
      '---\napiVersion: v1\ndata:\n  a: "2"\n  b: "1"\nkind: ConfigMap\nmetadata:\n  name: c\n',
    );
  });

  it("stamps and recognises ownership", () => {
    const own = ownership({ topology: "t", revision: 7 }, "payments", "route/payments/payments");
    expect(own.labels).toEqual({
      "app.kubernetes.io/managed-by": "portico",
      "portico.dev/product": "payments",
    });
    expect(own.annotations["portico.dev/revision"]).toBe("7");
    expect(isManagedByPortico({ metadata: { labels: own.labels } })).toBe(true);
    expect(isManagedByPortico({ metadata: {} })).toBe(false);
  });
});

describe("sortObjects", () => {
  // Two independent ways to the same order: the grouped sort on joined keys and the plain
  // comparator field by field. Names mix characters around U+0000's neighbours ("-", ".", digits).
  const word = fc.stringMatching(/^[a-z0-9.-]{0,4}$/);
  const object = fc.record({
    kind: fc.constantFrom(
      "Namespace",
      "Service",
      "Gateway",
      "VirtualService",
      "Unknown",
      "Another",
      "DNSEndpoint",
    ),
    apiVersion: fc.constantFrom("v1", "networking.istio.io/v1", "gateway.networking.k8s.io/v1"),
    name: word,
    namespace: fc.option(word, { nil: undefined }),
  });
  it("orders exactly as compareObjects does", () => {
    fc.assert(
      fc.property(fc.array(object, { maxLength: 60 }), (specs) => {
        const objects = specs.map((s) => obj(s.kind, s.name, s.namespace, s.apiVersion));
        const expected = [...objects].sort(compareObjects).map(objectKey);
        expect(sortObjects(objects).map(objectKey)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
