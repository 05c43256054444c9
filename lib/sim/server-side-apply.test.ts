import { describe, expect, it } from "vitest";
import { listKeysFor } from "./field-set";
import { type KObject } from "./json";
import { trackUpdate } from "./managed-fields";
import { serverSideApply } from "./server-side-apply";

const core = listKeysFor("apps");
const istio = listKeysFor("networking.istio.io");

function cm(data: Record<string, string>, labels?: Record<string, string>): KObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", namespace: "n", ...(labels ? { labels } : {}) },
    data,
  };
}

function apply(live: KObject | undefined, obj: KObject, mgr: string, force = false, lk = core) {
  const r = serverSideApply(live, obj, mgr, force, lk);
  if (!r.ok) throw new Error(JSON.stringify(r.conflicts));
  return r.object;
}

describe("server-side apply", () => {
  it("records fieldsV1 for the applier", () => {
    const o = apply(undefined, cm({ a: "1" }, { x: "y" }), "m1");
    expect(o.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: "m1",
        operation: "Apply",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { "f:a": {} }, "f:metadata": { "f:labels": { "f:x": {} } } },
      }),
    ]);
  });

  it("conflicts when another manager owns a field with a different value, unless forced", () => {
    const o1 = apply(undefined, cm({ a: "1" }), "m1");
    const r = serverSideApply(o1, cm({ a: "2" }), "m2", false, core);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts).toEqual([{ manager: "m1", printed: '"m1"', field: ".data.a" }]);
    const forced = apply(o1, cm({ a: "2" }), "m2", true);
    expect(forced.data.a).toBe("2");
    expect(forced.metadata.managedFields.map((e: KObject) => e.manager)).toEqual(["m2"]);
  });

  it("shares ownership when values agree", () => {
    const o1 = apply(undefined, cm({ a: "1" }), "m1");
    const o2 = apply(o1, cm({ a: "1", b: "2" }), "m2");
    expect(o2.metadata.managedFields.map((e: KObject) => e.manager)).toEqual(["m1", "m2"]);
    // m2 stops applying a: it stays, since m1 still owns it; b goes since only m2 owned it.
    const o3 = apply(o2, cm({}), "m2");
    expect(o3.data).toEqual({ a: "1" });
  });

  it("removes fields the applier no longer sets", () => {
    const o1 = apply(undefined, cm({ a: "1", b: "2" }, { k: "v" }), "m1");
    const o2 = apply(o1, cm({ a: "1" }), "m1");
    expect(o2.data).toEqual({ a: "1" });
    expect(o2.metadata.labels).toEqual({});
  });

  it("merges associative lists by key and replaces atomic lists", () => {
    const dep = (containers: KObject[]) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { template: { spec: { containers } } },
    });
    const o1 = apply(undefined, dep([{ name: "app", image: "a:1" }]), "m1");
    const o2 = apply(o1, dep([{ name: "sidecar", image: "s:1" }]), "m2");
    expect(o2.spec.template.spec.containers.map((c: KObject) => c.name).sort()).toEqual(["app", "sidecar"]);
    const mf = o2.metadata.managedFields.find((e: KObject) => e.manager === "m2");
    expect(mf.fieldsV1["f:spec"]["f:template"]["f:spec"]["f:containers"]).toEqual({
      'k:{"name":"sidecar"}': { ".": {}, "f:image": {}, "f:name": {} },
    });
    const gw = (hosts: string[]) => ({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "g" },
      spec: { servers: [{ hosts }] },
    });
    const g1 = apply(undefined, gw(["a"]), "m1", false, istio);
    const r = serverSideApply(g1, gw(["b"]), "m2", false, istio);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts[0]!.field).toBe(".spec.servers");
  });

  it("names Update managers with their API version in conflicts", () => {
    const o1 = apply(undefined, cm({ a: "1" }), "m1");
    const edited: KObject = { ...o1, data: { a: "9" } };
    edited.metadata = { ...o1.metadata, managedFields: trackUpdate(o1, edited, "kubectl-edit", core) };
    expect(edited.metadata.managedFields.map((e: KObject) => `${e.manager}/${e.operation}`)).toEqual([
      "kubectl-edit/Update",
    ]);
    const r = serverSideApply(edited, cm({ a: "1" }), "m1", false, core);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts[0]!.printed).toMatch(/^"kubectl-edit" using v1 at \d{4}-/);
  });

  it("is a no-op when the same object is applied again", () => {
    const o1 = apply(undefined, cm({ a: "1" }), "m1");
    const o2 = apply(o1, cm({ a: "1" }), "m1");
    expect(o2).toEqual(o1);
  });
});
