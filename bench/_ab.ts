import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
const topology = syntheticTopology(10_000, 5);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let br = Infinity, ba = Infinity, bt = Infinity;
for (let i = 0; i < 3; i++) {
  const w0 = performance.now();
  let t0 = cpu();
  for (const c of topology.clusters) renderCluster(topology, c.name, { format: "istio" });
  const r = cpu() - t0; t0 = cpu();
  analyze(topology);
  const a = cpu() - t0;
  br = Math.min(br, r); ba = Math.min(ba, a); bt = Math.min(bt, performance.now() - w0);
}
console.log(`render ${br.toFixed(0)} analyze ${ba.toFixed(0)} wall ${bt.toFixed(0)}`);
