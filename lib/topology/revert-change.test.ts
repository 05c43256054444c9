import { describe, expect, it } from "vitest";
import { copyToCluster } from "@/lib/migration";
import { loadExample } from "./examples";
import { documentChanges } from "./document-changes";
import { partOf, revertChange } from "./revert-change";
import type { Topology } from "./schema";

const base = loadExample("02-payments-split");
// Payments' step 3: run in west with locality failover.
const step3 = copyToCluster(base, { product: "payments", targetCluster: "west", failover: true }).topology;
// A colleague then runs Analytics in west too.
const analytics = copyToCluster(step3, {
  product: "analytics",
  targetCluster: "west",
  failover: true,
}).topology;

const paymentsGateway = (t: Topology) => t.gateways.find((g) => g.name === "payments-gateway")!;

describe("revertChange", () => {
  it("undoes only what the revision changed: Analytics' later change stays", () => {
    const r = revertChange({ before: base, undone: step3, current: analytics });
    expect(r.conflicts).toEqual([]);
    expect(r.reverted).toContain("failover/payments");
    expect(paymentsGateway(r.topology).placement.map((p) => p.cluster)).toEqual(["east"]);
    expect(r.topology.failover.map((f) => f.product)).toEqual(["analytics"]);
    const analyticsGateway = r.topology.gateways.find((g) => g.product === "analytics")!;
    expect(analyticsGateway.placement.map((p) => p.cluster)).toContain("west");
    // Against the newest document, only Payments' parts change.
    const changes = documentChanges(analytics, r.topology);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.products.every((p) => p === "payments"))).toBe(true);
  });

  it("merges field by field: a later change to another field of the same part is kept", () => {
    const later = structuredClone(step3);
    paymentsGateway(later).autoscaling = { ...paymentsGateway(later).autoscaling!, maxReplicas: 9 };
    const r = revertChange({ before: base, undone: step3, current: later });
    expect(r.conflicts).toEqual([]);
    expect(paymentsGateway(r.topology).placement.map((p) => p.cluster)).toEqual(["east"]);
    expect(paymentsGateway(r.topology).autoscaling!.maxReplicas).toBe(9);
  });

  it("reports a part both changed as a conflict, and settles it per path or with force", () => {
    const later = structuredClone(step3);
    paymentsGateway(later).placement = paymentsGateway(later).placement.map((p) =>
      p.cluster === "west" ? { ...p, zone: "us-west-2c" } : p,
    );
    const r = revertChange({ before: base, undone: step3, current: later });
    expect(r.conflicts.map((c) => c.path)).toEqual(["gateways/payments/payments-gateway.placement"]);
    expect(partOf(r.conflicts[0]!.path)).toBe("gateways/payments/payments-gateway");
    // Unresolved, the later change is left as it is.
    expect(paymentsGateway(r.topology).placement).toHaveLength(2);

    const keep = revertChange({
      before: base,
      undone: step3,
      current: later,
      resolutions: { "gateways/payments/payments-gateway.placement": "keep" },
    });
    expect(keep.conflicts).toEqual([]);
    expect(paymentsGateway(keep.topology).placement).toHaveLength(2);
    expect(keep.topology.failover.some((f) => f.product === "payments")).toBe(false);

    const forced = revertChange({ before: base, undone: step3, current: later, force: true });
    expect(forced.resolved).toEqual([
      { path: "gateways/payments/payments-gateway.placement", resolution: "revert" },
    ]);
    expect(paymentsGateway(forced.topology).placement.map((p) => p.cluster)).toEqual(["east"]);
  });

  it("brings back a part the revision removed, and changes nothing when already undone", () => {
    const removed = structuredClone(base);
    removed.clients = [];
    const r = revertChange({ before: base, undone: removed, current: removed });
    expect(r.topology.clients).toEqual(base.clients);
    const again = revertChange({ before: base, undone: removed, current: r.topology });
    expect(documentChanges(r.topology, again.topology)).toEqual([]);
  });
});

describe("documentChanges", () => {
  it("names the products and clusters of each changed part", () => {
    const changes = documentChanges(step3, analytics);
    expect(new Set(changes.flatMap((c) => c.products))).toEqual(new Set(["analytics"]));
    expect(changes.find((c) => c.path === "failover/analytics")).toMatchObject({ action: "added" });
    expect(changes.flatMap((c) => c.clusters)).toContain("west");
  });
});
