import { describe, expect, it } from "vitest";
import type { K8sObject } from "@/lib/topology";
import { compareObject } from "./compare-object";

const desired: K8sObject = {
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: {
    name: "payments",
    namespace: "payments",
    labels: { "app.kubernetes.io/managed-by": "portico" },
    annotations: { "portico.dev/revision": "7", "portico.dev/source": "route/payments/payments" },
  },
  spec: { hosts: ["payments.example.com"], http: [{ name: "api", route: [{ destination: { host: "p" } }] }] },
};

/** As a server answers: server metadata, status, Portico's own managedFields entry. */
function live(mutate: (o: any) => void = () => undefined, managers: unknown[] = []): K8sObject {
  const o = structuredClone(desired) as any;
  o.metadata.uid = "u";
  o.metadata.resourceVersion = "9";
  o.metadata.annotations["portico.dev/revision"] = "3";
  o.metadata.managedFields = [
    { manager: "portico", operation: "Apply", fieldsV1: { "f:spec": { "f:hosts": {}, "f:http": {} } } },
    ...managers,
  ];
  o.status = { conditions: [] };
  mutate(o);
  return o;
}

describe("compareObject", () => {
  it("ignores server metadata, status, the revision stamp and an older served version", () => {
    expect(compareObject(desired, live()).same).toBe(true);
    expect(
      compareObject(
        desired,
        live((o) => (o.apiVersion = "networking.istio.io/v1beta1")),
      ).same,
    ).toBe(true);
  });

  it("reports a field Portico sets with another value, and nothing as added", () => {
    const c = compareObject(
      desired,
      live((o) => (o.spec.hosts = ["other.example.com"])),
    );
    expect(c).toMatchObject({ same: false, extras: [], onlyAdded: false });
    expect(c.liveYaml).toMatch(/other\.example\.com/);
  });

  it("reports a field another manager added, with its pointer; not one nobody owns (a default)", () => {
    const patched = (o: any) => (o.spec.http[0].timeout = "1s");
    const owner = { manager: "kubectl-patch", operation: "Update", fieldsV1: { "f:spec": { "f:http": {} } } };
    expect(compareObject(desired, live(patched, [owner]))).toMatchObject({
      same: false,
      extras: ["/spec/http/0/timeout"],
      onlyAdded: true,
    });
    // The same field owned by no other manager is the server's default (Portico owns spec.http as a
    // whole, an atomic list, so it owns whatever the server filled in there).
    expect(compareObject(desired, live(patched)).same).toBe(true);
    // A status writer's fields never count.
    expect(compareObject(desired, live(patched, [{ ...owner, subresource: "status" }])).same).toBe(true);
    // Without managedFields (a file from `kubectl get -o yaml`), every unknown field counts.
    expect(
      compareObject(
        desired,
        live((o) => (patched(o), delete o.metadata.managedFields)),
      ).same,
    ).toBe(false);
  });

  it("matches items of associative lists by their keys in managedFields", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "gw", namespace: "ns" },
      spec: { template: { spec: { containers: [{ name: "istio-proxy", image: "proxy" }] } } },
    } as K8sObject;
    const l = structuredClone(d) as any;
    l.spec.template.spec.containers[0].securityContext = { privileged: true };
    const owned = (key: string) => [
      {
        manager: "kubectl-edit",
        operation: "Update",
        fieldsV1: {
          "f:spec": {
            "f:template": { "f:spec": { "f:containers": { [key]: { "f:securityContext": {} } } } },
          },
        },
      },
    ];
    l.metadata.managedFields = owned('k:{"name":"istio-proxy"}');
    expect(compareObject(d, l).extras).toEqual(["/spec/template/spec/containers/0/securityContext"]);
    l.metadata.managedFields = owned('k:{"name":"other"}');
    expect(compareObject(d, l).same).toBe(true);
    // Known server defaults never count, whoever owns them (containers[].args among them).
    l.spec.template.spec.containers[0].args = ["--debug"];
    l.metadata.managedFields = [];
    expect(compareObject(d, l).same).toBe(true);
  });

  it("counts labels and annotations of Portico only, not other tools'", () => {
    const tool = live(
      (o) => (o.metadata.labels["team.example/owner"] = "x"),
      [
        {
          manager: "kubectl-label",
          operation: "Update",
          fieldsV1: { "f:metadata": { "f:labels": { "f:team.example/owner": {} } } },
        },
      ],
    );
    expect(compareObject(desired, tool).same).toBe(true);
    const own = live((o) => (o.metadata.annotations["portico.dev/owner"] = "x"));
    expect(compareObject(desired, own)).toMatchObject({
      same: false,
      extras: ["/metadata/annotations/portico.dev~1owner"],
    });
  });
});
