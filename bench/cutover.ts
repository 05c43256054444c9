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
 * drain_status_100_products_ms  drain status of 100 products (one batched PromQL query, parsed and
 *                             classified) against a real Prometheus (Debian's binary) scraping
 *                             Istio's metrics of 100 product gateways and the shared gateway from a
 *                             synthetic loopback endpoint (bench/drain-estate.ts); median of 5 calls
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectionFromKubeconfig } from "@/lib/clusters/parse-kubeconfig";
import { renderCluster } from "@/lib/istio/render-cluster";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { probeProduct } from "@/lib/probe";
import type { K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { estateSettled, startDrainEstate } from "./drain-estate";
import { emit, log, median } from "./report";
import { startDemoSim } from "./start-demo-sim";
import { stopChildren } from "./stop-children";

const CALL_CLASSES = 1_000;
const DRAIN_PRODUCTS = 100;
const DRAIN_RUNS = 5;

/** An Envoy access log with `n` distinct paths under the product's prefix. */
function accessLog(n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `[2026-11-30T10:00:00.000Z] "GET /v1/payments/${i} HTTP/1.1" 200 - via_upstream - "-" 0 120 3 2 "10.0.0.9" "curl/8.0" "id-${i}" "payments.my-company.io" "10.1.0.5:8080" outbound|8080||payments.payments.svc.cluster.local 10.1.0.2:41000 10.1.0.2:8443 10.0.0.9:50000 payments.my-company.io -`,
  ).join("\n");
}

async function drainBenchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "portico-bench-drain-"));
  const estate = await startDrainEstate(dir, DRAIN_PRODUCTS);
  try {
    log(`${estate.telemetry.series} series for ${DRAIN_PRODUCTS} products; waiting for a full window`);
    const deadline = Date.now() + 60_000;
    while (!estateSettled(estate.topology, await estate.drain())) {
      if (Date.now() > deadline) throw new Error("the drain estate never gave the expected verdicts");
      await new Promise((r) => setTimeout(r, 500));
    }
    const times: number[] = [];
    for (let i = 0; i < DRAIN_RUNS; i++) {
      const t0 = performance.now();
      const statuses = await estate.drain();
      times.push(performance.now() - t0);
      if (!estateSettled(estate.topology, statuses)) throw new Error("a drain verdict changed while timing");
    }
    log(`drain status of ${DRAIN_PRODUCTS} products: ${times.map((t) => t.toFixed(1)).join(", ")} ms`);
    emit("drain_status_100_products_ms", median(times), "ms");
  } finally {
    await estate.stop();
    rmSync(dir, { recursive: true, force: true });
  }
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
  await drainBenchmark();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:cutover: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
