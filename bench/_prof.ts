import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
const topology = syntheticTopology(10_000, 5);
for (let i = 0; i < 2; i++) {
  let t0 = performance.now(); let objects = 0;
  for (const c of topology.clusters) objects += renderCluster(topology, c.name, { format: "istio" }).objects.length;
  const r = performance.now() - t0; t0 = performance.now();
  const f = analyze(topology).length;
  console.log({ render: r.toFixed(0), analyze: (performance.now() - t0).toFixed(0), objects, f });
}
