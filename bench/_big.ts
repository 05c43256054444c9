import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
const topology = syntheticTopology(10_000, 5);
let best = Infinity;
for (let i = 0; i < 2; i++) {
  const t0 = performance.now();
  for (const c of topology.clusters) renderCluster(topology, c.name, { format: "istio" });
  analyze(topology);
  best = Math.min(best, performance.now() - t0);
}
console.log(best.toFixed(0));
