import { syntheticTopology } from "@/lib/topology/synthetic";
import { analyze } from "@/lib/analysis/analyze";
const topology = syntheticTopology(10_000, 5);
for (let i = 0; i < 3; i++) analyze(topology);
