import { syntheticTopology } from "@/lib/topology/synthetic";
import { renderCluster } from "@/lib/istio/render-cluster";
const topology = syntheticTopology(100, 5);
const objs = renderCluster(topology, topology.clusters[0]!.name).objects;
const c: Record<string, number> = {};
for (const o of objs) c[o.kind] = (c[o.kind] ?? 0) + 1;
console.log(c, objs.length);
console.log(JSON.stringify(objs.find(o => o.kind === "Deployment")).length, JSON.stringify(objs.find(o => o.kind === "ServiceEntry")));
