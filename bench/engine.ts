import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderAll, renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
import { checkContract } from "@/lib/analysis/contract/check-contract";
import { emit } from "./report";

/**
 * Render + analyze the desired state of N products × 3 clusters. Building the topology (parsing)
 * is outside the timing: the sync worker and UI start from an already parsed revision.
 * Prints one JSON line per figure.
 */
function measure(products: number): { ms: number; objects: number; findings: number } {
  const topology = syntheticTopology(products, 3);
  const runs = products >= 5000 ? 3 : products >= 1000 ? 7 : 15;
  let best = Infinity;
  let objects = 0;
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const rendered = renderAll(topology, { format: "istio" });
    const result = analyze(topology);
    const ms = performance.now() - t0;
    objects = [...rendered.values()].reduce((n, o) => n + o.length, 0);
    findings = result.length;
    best = Math.min(best, ms);
  }
  return { ms: best, objects, findings };
}

// Warm-up so the JIT does not count against the smallest size.
measure(50);
for (const n of [100, 1000, 5000]) {
  const r = measure(n);
  emit(`render_analyze_${n}x3_ms`, r.ms, "ms");
  console.error(
    `${n} products x 3 clusters: ${r.objects} objects, ${r.findings} findings, ${r.ms.toFixed(0)} ms (best run)`,
  );
}

// The largest estate the document limits are sized for, rendered the way the sync worker renders:
// one cluster per job, so one cluster's objects are alive at a time. Goal: < 5 s on one core.
{
  const topology = syntheticTopology(10_000, 5);
  let best = Infinity;
  let objects = 0;
  let findings = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    objects = 0;
    for (const c of topology.clusters)
      objects += renderCluster(topology, c.name, { format: "istio" }).objects.length;
    findings = analyze(topology).length;
    best = Math.min(best, performance.now() - t0);
  }
  emit("render_analyze_10000x5_ms", best, "ms");
  console.error(
    `10000 products x 5 clusters: ${objects} objects, ${findings} findings, ${best.toFixed(0)} ms (best of 2)`,
  );
}

// The contract check between two revisions of the same size (every call class of every host).
{
  const before = syntheticTopology(1000, 3);
  const after = syntheticTopology(1000, 3);
  checkContract(before, after);
  const t0 = performance.now();
  const r = checkContract(before, after);
  const ms = performance.now() - t0;
  emit("contract_1000x3_ms", ms, "ms");
  console.error(`contract 1000 products x 3 clusters: ${r.checked} call classes, ${ms.toFixed(0)} ms`);
}
