/**
 * Benchmark of cutover verification (npm run bench:cutover).
 *
 * The simulator runs in a child process with the reference scenario and Portico's step-1 objects
 * applied to east; the probe runs here, as the API and the CLI run it (default limits: 32 requests
 * in flight, 500 requests/s, TLS verified against the demo CA). Every call is real HTTPS to a
 * gateway's load-balancer address and an echo backend behind it.
 *
 * probe_1000_call_classes_ms  1,000 call classes (the contract's, plus an access log of distinct
 *                             paths) sent to the shared and the product gateway (2,000 requests)
 *                             and compared
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectionFromKubeconfig } from "@/lib/clusters/parse-kubeconfig";
import { renderCluster } from "@/lib/istio/render-cluster";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { probeProduct } from "@/lib/probe";
import type { K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { emit, log } from "./report";
import { startDemoSim } from "./start-demo-sim";
import { stopChildren } from "./stop-children";

const CALL_CLASSES = 1_000;

/** An Envoy access log with `n` distinct paths under the product's prefix. */
function accessLog(n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `[2026-11-30T10:00:00.000Z] "GET /v1/payments/${i} HTTP/1.1" 200 - via_upstream - "-" 0 120 3 2 "10.0.0.9" "curl/8.0" "id-${i}" "payments.my-company.io" "10.1.0.5:8080" outbound|8080||payments.payments.svc.cluster.local 10.1.0.2:41000 10.1.0.2:8443 10.0.0.9:50000 payments.my-company.io -`,
  ).join("\n");
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "portico-bench-cutover-"));
  const { child } = await startDemoSim(dir);
  try {
    const connection = connectionFromKubeconfig(readFileSync(join(dir, "kubeconfig"), "utf8"), "east");
    const client = new ClusterClient({ ...connection, name: "east" }, { allowInsecure: true });
    const topology = loadExample("01-payments-gateway");
    for (const o of renderCluster(topology, "east").objects) await client.apply(o, { force: true });
    const cm = await client.get<K8sObject & { data: Record<string, string> }>(
      "v1",
      "ConfigMap",
      "istio-system",
      "my-company-demo-ca",
    );
    const input = {
      topology,
      product: "payments",
      clusters: [{ name: "east", client }],
      ca: cm!.data["ca.crt"],
      guard: { allowInsecure: true },
    };
    const deadline = Date.now() + 30_000;
    while (!(await probeProduct(input)).ok) {
      if (Date.now() > deadline) throw new Error("the gateways never answered the same");
      await new Promise((r) => setTimeout(r, 100));
    }
    log("both gateways serve payments.my-company.io");
    const t0 = performance.now();
    const report = await probeProduct({
      ...input,
      accessLog: accessLog(CALL_CLASSES - 1),
      limits: { maxCallClasses: CALL_CLASSES },
    });
    const ms = performance.now() - t0;
    log(
      `${report.summary.calls} call classes: ${report.summary.same} same, ${report.summary.differs} differ, ${report.summary.failed} failed`,
    );
    if (report.summary.calls !== CALL_CLASSES || !report.ok)
      throw new Error("the probe did not find every call class the same");
    emit("probe_1000_call_classes_ms", ms, "ms");
    await client.close();
  } finally {
    await stopChildren([child]);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:cutover: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
