import { syntheticTopology } from "@/lib/topology/synthetic";
import { buildContext } from "@/lib/analysis/context";
import { RULES } from "@/lib/analysis/rules";
const topology = syntheticTopology(10_000, 5);
for (let i = 0; i < 2; i++) {
  let t0 = performance.now();
  const ctx = buildContext(topology);
  const times: [string, number][] = [["ctx", performance.now() - t0]];
  for (const r of RULES) { t0 = performance.now(); r.run(ctx); times.push([r.meta.code, performance.now() - t0]); }
  times.sort((a, b) => b[1] - a[1]);
  console.log(times.slice(0, 12).map(([a, b]) => `${a}:${b.toFixed(0)}`).join(" "), "total", times.reduce((n, t) => n + t[1], 0).toFixed(0));
}
