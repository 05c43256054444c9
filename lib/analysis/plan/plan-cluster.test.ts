import { describe, expect, it } from "vitest";
import { objectKey, type K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { planCluster, planSummary } from "./plan-cluster";
import { readObjects } from "./read-objects";

const desired = () => renderCluster(loadExample("02-payments-split"), "east").objects;

/** What a server returns for an applied object: server metadata, status and defaults added. */
function asLive(o: K8sObject): K8sObject {
  const live = structuredClone(o) as any;
  live.metadata = {
    ...live.metadata,
    uid: "u-1",
    resourceVersion: "42",
    generation: 3,
    creationTimestamp: "2026-01-01T00:00:00Z",
    managedFields: [{ manager: "portico" }],
    annotations: { ...live.metadata.annotations, "kubectl.kubernetes.io/last-applied-configuration": "{}" },
  };
  live.status = { observedGeneration: 3 };
  if (o.kind === "Service") {
    live.spec.clusterIP = "10.0.0.1";
    live.spec.ports = live.spec.ports.map((p: any) => ({ ...p, nodePort: 31000 }));
  }
  if (o.kind === "Namespace") {
    live.metadata.labels = { ...live.metadata.labels, "kubernetes.io/metadata.name": o.metadata.name };
    live.spec = { finalizers: ["kubernetes"] };
  }
  if (o.kind === "Deployment") {
    // An autoscaler owns the replica count when the desired state leaves it out.
    live.spec.replicas ??= 3;
    live.spec.strategy = { type: "RollingUpdate" };
    live.spec.template.spec.containers[0].imagePullPolicy = "IfNotPresent";
  }
  return live;
}

describe("planCluster", () => {
  it("creates everything in an empty cluster, in apply order", () => {
    const plan = planCluster(desired(), []);
    expect(planSummary(plan)).toMatchObject({ create: desired().length, update: 0, delete: 0 });
    expect(plan[0]!.kind).toBe("Namespace");
    expect(plan[0]!.diff).toMatch(/\+kind: Namespace/);
  });

  it("ignores fields the server fills in", () => {
    const plan = planCluster(desired(), desired().map(asLive));
    expect(plan.filter((p) => p.action !== "unchanged").map((p) => p.key)).toEqual([]);
  });

  it("shows a readable YAML diff for an update", () => {
    const live = desired().map(asLive);
    const vs = live.find((o) => o.kind === "VirtualService" && o.metadata.name === "payments") as any;
    vs.spec.http[0].timeout = "30s";
    const plan = planCluster(desired(), live);
    const item = plan.find((p) => p.action === "update")!;
    expect(item.key).toBe("networking.istio.io/v1/VirtualService/payments/payments");
    expect(item.diff).toMatch(/-\s+timeout: 30s\n\+\s+timeout: 10s/);
  });

  it("reports a foreign Portico annotation but neither other tools' labels nor the revision stamp", () => {
    const live = desired().map(asLive);
    const gw = live.find((o) => o.kind === "Gateway")!;
    gw.metadata.labels = { ...gw.metadata.labels, "team.example/owner": "x" };
    // The stamp says which revision last changed an object; a newer revision alone changes nothing.
    gw.metadata.annotations = { ...gw.metadata.annotations, "portico.dev/revision": "1" };
    expect(planSummary(planCluster(desired(), live)).update).toBe(0);
    gw.metadata.annotations = { ...gw.metadata.annotations, "portico.dev/owner": "someone" };
    expect(planCluster(desired(), live).find((p) => p.action === "update")!.diff).toMatch(
      /-\s+portico.dev\/owner: someone/,
    );
  });

  it("reports fields another manager added, not fields the server defaulted", () => {
    const live = desired().map(asLive);
    const dr = live.find((o) => o.kind === "DestinationRule") as any;
    dr.spec.subsets = [{ name: "old", labels: {} }];
    // Nobody but Portico owns anything: the extra field is the server's default.
    expect(planCluster(desired(), live).filter((p) => p.action === "update")).toHaveLength(0);
    dr.metadata.managedFields.push({
      manager: "kubectl-edit",
      operation: "Update",
      fieldsV1: { "f:spec": { "f:subsets": {} } },
    });
    const update = planCluster(desired(), live).filter((p) => p.action === "update");
    expect(update).toHaveLength(1);
    expect(update[0]!.diff).toMatch(/-\s+subsets:/);
    // A status writer's fields never count.
    dr.metadata.managedFields[1].subresource = "status";
    expect(planCluster(desired(), live).filter((p) => p.action === "update")).toHaveLength(0);
  });

  it("reports real drift in fields the desired state does not set when ownership is unknown", () => {
    // `kubectl get -o yaml` leaves managedFields out: every field outside the known defaults counts.
    const live = desired()
      .map(asLive)
      .map((o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } }));
    (live.find((o) => o.kind === "DestinationRule") as any).spec.subsets = [{ name: "old", labels: {} }];
    expect(planCluster(desired(), live).filter((p) => p.action === "update")).toHaveLength(1);
  });

  it("deletes only live objects managed by Portico, never Namespaces", () => {
    const stray = (name: string, managed: boolean, kind = "VirtualService"): K8sObject => ({
      apiVersion: kind === "Namespace" ? "v1" : "networking.istio.io/v1",
      kind,
      metadata: {
        name,
        ...(kind === "Namespace" ? {} : { namespace: "payments" }),
        labels: managed ? { "app.kubernetes.io/managed-by": "portico" } : {},
      },
    });
    const live = [
      ...desired().map(asLive),
      stray("old-route", true),
      stray("someone-elses", false),
      stray("old-ns", true, "Namespace"),
    ];
    const deletes = planCluster(desired(), live).filter((p) => p.action === "delete");
    expect(deletes.map((d) => d.key)).toEqual(["networking.istio.io/v1/VirtualService/payments/old-route"]);
    expect(deletes[0]!.diff).toMatch(/-kind: VirtualService/);
  });

  it("matches objects served under an older API version", () => {
    const live = desired()
      .map(asLive)
      .map((o) =>
        o.apiVersion === "networking.istio.io/v1" ? { ...o, apiVersion: "networking.istio.io/v1beta1" } : o,
      );
    expect(planSummary(planCluster(desired(), live))).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it("reads multi-document YAML and List objects", () => {
    const objs = readObjects(
      `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: b}\n`,
    );
    expect(objs.map(objectKey)).toEqual(["v1/Namespace//a", "v1/Namespace//b"]);
  });
});
