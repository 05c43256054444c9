// The plan's verdict per object, without a cluster: what is recorded, applied, held as an error or
// drift, and pruned, from the inventory row and the live object.
import { describe, expect, it } from "vitest";
import { objectKey, type K8sObject } from "@/lib/topology";
import { desiredHash } from "./comparable";
import { KEPT } from "./drift-message";
import { rowKey } from "./inventory-key";
import { planReconcile, type PlanInput } from "./plan-reconcile";
import type { InventoryRow } from "./read-cluster-state";

function service(name: string, selector = name): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "payments", labels: { "app.kubernetes.io/managed-by": "portico" } },
    spec: { selector: { app: selector }, ports: [{ name: "http", port: 80 }] },
  };
}

const route: K8sObject = {
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name: "payments", namespace: "payments" },
  spec: { hosts: ["payments.example.com"] },
};

/** What the cluster answers for an object: the object as applied, with what the server adds. */
const served = (obj: K8sObject): K8sObject => ({
  ...obj,
  metadata: { ...obj.metadata, uid: "u-1", resourceVersion: "7" },
  status: { loadBalancer: { ingress: [{ ip: "10.0.0.9" }] } },
});

function row(obj: Pick<K8sObject, "apiVersion" | "kind" | "metadata">, over: Partial<InventoryRow> = {}) {
  return {
    id: `row-${obj.kind}-${obj.metadata.name}`,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name,
    status: "synced",
    message: null,
    preexisting: false,
    appliedHash: desiredHash(obj as K8sObject),
    revisionNumber: 3,
    observed: null,
    ...over,
  } satisfies InventoryRow;
}

function plan(desired: K8sObject[], rows: InventoryRow[], live: K8sObject[], over: Partial<PlanInput> = {}) {
  return planReconcile({
    desired,
    inventory: rows,
    served: new Map([
      ["", true],
      ["networking.istio.io", true],
    ]),
    live: new Map(live.map((o) => [objectKey(o), o])),
    full: true,
    explicit: false,
    revisionNumber: 4,
    ...over,
  });
}

describe("planReconcile", () => {
  it("applies an object new to the cluster", () => {
    const obj = service("payments-gateway");
    const p = plan([obj], [row(obj, { status: "pending", appliedHash: null, revisionNumber: null })], []);
    expect(p.toApply.map((a) => a.obj)).toEqual([obj]);
    expect(p.toApply[0]!.hash).toBe(desiredHash(obj));
    expect(p.updates).toEqual([]);
  });

  it("records an object the cluster already holds as synced, stamped with the revision that first had it", () => {
    const obj = service("payments-gateway");
    const r = row(obj, { status: "waiting", appliedHash: null, revisionNumber: null });
    const p = plan([obj], [r], [served(obj)]);
    expect(p.toApply).toEqual([]);
    expect(p.tally).toMatchObject({ unchanged: 1, errors: 0, drifted: 0 });
    expect(p.updates).toEqual([
      {
        id: r.id,
        status: "synced",
        appliedHash: desiredHash(obj),
        message: null,
        conflict: null,
        revisionNumber: 4,
        observed: { kind: "Service", addresses: ["10.0.0.9"] },
      },
    ]);
  });

  it("a sync for a new revision trusts the hash of an unchanged object, only refreshing what it observes", () => {
    const obj = service("payments-gateway");
    const r = row(obj, { observed: { kind: "Service", addresses: [] } });
    // Live says something else entirely: the quick path does not compare it.
    const p = plan([obj], [r], [served(service("payments-gateway", "other"))], { full: false });
    expect(p.toApply).toEqual([]);
    expect(p.tally.unchanged).toBe(1);
    expect(p.updates).toEqual([
      { id: r.id, status: "synced", observed: { kind: "Service", addresses: ["10.0.0.9"] } },
    ]);
    // Counted by its last verdict: an error stays one, a drift stays one (kept when it said so).
    const errored = plan([obj], [row(obj, { status: "error" })], [], { full: false });
    expect(errored.tally).toMatchObject({ errors: 1, unchanged: 0 });
    const kept = plan(
      [obj],
      [row(obj, { status: "drifted", preexisting: true, message: `${KEPT}; ...` })],
      [],
      { full: false },
    );
    expect(kept.tally).toMatchObject({ drifted: 1, kept: 1 });
  });

  it("says which API the cluster lacks instead of applying", () => {
    const r = row(route, { status: "pending", appliedHash: null });
    const p = plan([route], [r], [], { served: new Map([["networking.istio.io", false]]) });
    expect(p.toApply).toEqual([]);
    expect(p.tally.errors).toBe(1);
    expect(p.updates).toEqual([
      expect.objectContaining({ id: r.id, status: "error", errorKind: "apiNotServed", appliedHash: null }),
    ]);
    expect(p.updates[0]!.message).toMatch(/does not serve networking\.istio\.io/);
  });

  it("shows an object changed by someone else as drifted, and applies it only on an explicit choice", () => {
    const obj = service("payments-gateway");
    const changed = served(service("payments-gateway", "someone-else"));
    const r = row(obj);
    const sweep = plan([obj], [r], [changed]);
    expect(sweep.toApply).toEqual([]);
    expect(sweep.tally.drifted).toBe(1);
    expect(sweep.updates).toEqual([
      expect.objectContaining({
        id: r.id,
        status: "drifted",
        message: expect.stringMatching(/^Changed in the cluster outside Portico\./),
      }),
    ]);
    // Already recorded with the same message: nothing to write again.
    const again = plan([obj], [{ ...r, status: "drifted", message: sweep.updates[0]!.message! }], [changed]);
    expect(again.updates).toEqual([]);
    const revert = plan([obj], [r], [changed], { explicit: true });
    expect(revert.toApply.map((a) => a.row.id)).toEqual([r.id]);
  });

  it("does not retry an error of unchanged content unless asked; applies what was deleted outside Portico", () => {
    const obj = service("payments-gateway");
    const failed = row(obj, { status: "error" });
    expect(plan([obj], [failed], [served(service("payments-gateway", "x"))]).toApply).toEqual([]);
    expect(plan([obj], [failed], [], { explicit: true }).toApply).toHaveLength(1);
    // Synced before, absent now: an absent object serves nothing.
    expect(plan([obj], [row(obj)], []).toApply).toHaveLength(1);
  });

  it("prunes only inventory rows the desired state no longer has, routes before what they use", () => {
    const kept = service("payments-gateway");
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "old" } };
    const oldService = service("old-gateway");
    const rows = [row(namespace), row(oldService), row(route), row(kept)];
    const p = plan([kept], rows, [served(kept)]);
    expect(p.prune.map(rowKey)).toEqual([
      rowKey(row(route)),
      rowKey(row(oldService)),
      rowKey(row(namespace)),
    ]);
  });

  it("refuses a plan for an object without its inventory row", () => {
    expect(() => plan([service("payments-gateway")], [], [])).toThrow(/No inventory row/);
  });
});
