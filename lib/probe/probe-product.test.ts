// Probes over real sockets: the simulator's gateways on their loopback load-balancer addresses,
// Portico's rendered step-1 objects applied by server-side apply, echo backends answering.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import type { K8sObject, Topology } from "@/lib/topology";
import { probeProduct, ProbeInputError, type ProbeReport } from "./probe-product";
import {
  sharedOnlyRouteObjects,
  startProbeEstate,
  withSharedOnlyRoute,
  type ProbeEstate,
} from "./test-helpers";

let estate: ProbeEstate;
let client: ClusterClient;
let west: ClusterClient;
let ca: string;
let step1: Topology;

async function applyAll(objects: K8sObject[]): Promise<void> {
  for (const o of objects) await client.apply(o, { force: true });
}

function probe(
  topology: Topology = step1,
  extra: Partial<Parameters<typeof probeProduct>[0]> = {},
): Promise<ProbeReport> {
  return probeProduct({
    topology,
    product: "payments",
    clusters: [{ name: "east", client }],
    ca,
    guard: { allowInsecure: true },
    // The simulator shares this process (and a loaded machine): generous, so only real failures fail.
    limits: { timeoutMs: 15_000 },
    ...extra,
  });
}

beforeAll(async () => {
  estate = await startProbeEstate();
  ({ east: client, west, ca, step1 } = estate);
}, 60_000);

afterAll(async () => {
  await estate?.stop();
});

describe("probeProduct against the simulator", { timeout: 90_000 }, () => {
  it("finds every call class the same when both gateways serve the product (TLS verified against the demo CA)", async () => {
    const report = await probe();
    expect(report.summary).toMatchObject({ calls: 1, same: 1, differs: 0, failed: 0 });
    expect(report.ok).toBe(true);
    const [r] = report.results;
    expect(r!.call).toMatchObject({ method: "GET", host: "payments.my-company.io", path: "/v1/payments" });
    for (const side of [r!.shared, r!.product]) {
      expect(side).toMatchObject({
        ok: true,
        status: 200,
        upstream: "payments/payments",
        tls: { verified: true },
      });
    }
    // Two different load balancers were called, each from its Service's status.
    const t = report.targets[0]!;
    expect("address" in t.shared && "address" in t.product && t.shared.address !== t.product.address).toBe(
      true,
    );
  });

  it("reports certificates as unverified without a CA, and still compares", async () => {
    const report = await probe(step1, { ca: undefined });
    expect(report.ok).toBe(true);
    expect(report.results[0]!.product).toMatchObject({ ok: true, tls: { verified: false } });
  });

  it("adds access-log calls of the product's hosts, deduplicated, and counts bad lines", async () => {
    const envoy = (path: string, host = "payments.my-company.io") =>
      `[2026-11-30T10:00:00.000Z] "GET ${path} HTTP/1.1" 200 - via_upstream - "-" 0 120 3 2 "10.0.0.9" "curl/8.0" "abc" "${host}" "10.1.0.5:8080" outbound|8080||payments.payments.svc.cluster.local 10.1.0.2:41000 10.1.0.2:8443 10.0.0.9:50000 ${host} -`;
    const log = [
      envoy("/v1/payments/42?expand=1"),
      envoy("/v1/payments/42"),
      envoy("/v1/reports", "analytics.my-company.io"),
      `10.0.0.7 - - [30/Nov/2026:10:00:00 +0000] "POST /v1/payments HTTP/1.1" 201 12 "-" "curl/8.0" 210 0.004 [payments-payments-8080] [] 10.1.0.5:8080 12 0.004 201 f00`,
      "garbage line",
    ].join("\n");
    const report = await probe(step1, { accessLog: log });
    expect(report.requestSet.accessLog).toMatchObject({
      lines: 5,
      envoy: 3,
      nginx: 1,
      errors: 1,
      otherHosts: 1,
    });
    expect(report.results.map((r) => r.call.id).sort()).toEqual([
      "GET payments.my-company.io/v1/payments",
      "GET payments.my-company.io/v1/payments/42",
      "POST payments.my-company.io/v1/payments",
    ]);
    expect(report.summary.same).toBe(3);
  });

  it("a path the shared gateway serves and the product gateway does not differs: 200 vs 404", async () => {
    const t = withSharedOnlyRoute(step1);
    const legacy = sharedOnlyRouteObjects(step1);
    expect(legacy.length).toBeGreaterThan(0);
    await applyAll(legacy);
    try {
      const report = await probe(t);
      expect(report.ok).toBe(false);
      const refunds = report.results.find((r) => r.call.path === "/v1/refunds")!;
      expect(refunds.verdict).toBe("differs");
      expect(refunds.shared).toMatchObject({ ok: true, status: 200, upstream: "payments/payments" });
      expect(refunds.product).toMatchObject({ ok: true, status: 404 });
      expect(report.results.find((r) => r.call.path === "/v1/payments")!.verdict).toBe("same");
    } finally {
      for (const o of legacy)
        await client.delete(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);
    }
  });

  it("a missing TLS secret in the product gateway's namespace fails the handshake", async () => {
    const secret = await client.get("v1", "Secret", "payments", "payments-tls");
    await client.delete("v1", "Secret", "payments", "payments-tls");
    try {
      const report = await probe();
      const r = report.results[0]!;
      expect(r.verdict).toBe("failed");
      expect(r.shared).toMatchObject({ ok: true, status: 200 });
      expect(r.product).toMatchObject({ ok: false, phase: "tls" });
      expect(r.why).toMatch(/TLS handshake failed.*Secret/);
    } finally {
      const { metadata, ...rest } = secret!;
      await client.apply(
        { ...rest, metadata: { name: metadata.name, namespace: metadata.namespace } } as K8sObject,
        { fieldManager: "kubectl", force: true },
      );
    }
  });

  it("a backend at zero replicas fails the call on both gateways (503): nothing is proven", async () => {
    type Deployment = K8sObject & { status?: { readyReplicas?: number; observedGeneration?: number } };
    const scale = async (c: ClusterClient, replicas: number) => {
      await c.apply(
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "payments", namespace: "payments" },
          spec: { replicas },
        } as K8sObject,
        { fieldManager: "kubectl-scale", force: true },
      );
      // As `kubectl rollout status` waits: the controller has seen the change and reports the replicas.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const d = await c.get<Deployment>("apps/v1", "Deployment", "payments", "payments");
        if (
          d?.status?.observedGeneration === d?.metadata.generation &&
          // Strictly: right after the change the status has no readyReplicas yet, and the old
          // pods still serve until the rollout reports.
          d?.status?.readyReplicas === replicas
        )
          return;
        if (Date.now() > deadline) throw new Error(`payments did not reach ${replicas} ready replicas`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // Note: the mesh merges a Service's endpoints across clusters, so east's gateways would be
    // answered from west: payments goes to zero in both.
    await Promise.all([scale(client, 0), scale(west, 0)]);
    try {
      const report = await probe();
      const r = report.results[0]!;
      expect(r.shared).toMatchObject({ ok: true, status: 503 });
      expect(r.product).toMatchObject({ ok: true, status: 503 });
      expect(r.verdict).toBe("failed");
      expect(r.why).toMatch(/backend is not serving/);
    } finally {
      await Promise.all([scale(client, 1), scale(west, 1)]);
    }
    await expect(probe()).resolves.toMatchObject({ ok: true });
  });

  it("refuses loopback gateway addresses unless insecure clusters are allowed (the SSRF guard)", async () => {
    const report = await probe(step1, { guard: { allowInsecure: false } });
    expect(report.ok).toBe(false);
    expect(report.targets[0]!.product).toMatchObject({ ok: false, phase: "refused" });
    expect(report.results[0]!.verdict).toBe("failed");
  });

  it("says what is wrong with the input instead of probing", async () => {
    await expect(probe(step1, { product: "nope" })).rejects.toBeInstanceOf(ProbeInputError);
    await expect(
      probe(step1, { product: "analytics", clusters: [{ name: "west", client }] }),
    ).rejects.toThrow(/runs both/);
  });
});
