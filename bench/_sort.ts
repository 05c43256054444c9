import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderCluster } from "@/lib/istio/render-cluster";
import { compareObjects, sortObjects } from "@/lib/topology";
const topology = syntheticTopology(10_000, 5);
renderCluster(topology, topology.clusters[0]!.name);
const shuffled = (globalThis as any).__unsorted;
console.log(shuffled.slice(0, 12).map((o: any) => o.kind + "/" + o.metadata.name).join(" "));
for (let i = 0; i < 4; i++) {
  let t = performance.now(); sortObjects(shuffled); const a = performance.now() - t;
  t = performance.now(); [...shuffled].sort(compareObjects); const b = performance.now() - t;
  console.log(`new ${a.toFixed(0)} cmp ${b.toFixed(0)}`);
}
