import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
const topology = syntheticTopology(10_000, 5);
for (let i = 0; i < 2; i++) {
  console.log("=== iteration", i);
  for (const c of topology.clusters) renderCluster(topology, c.name, { format: "istio" });
  console.log("=== analyze");
  analyze(topology);
}
