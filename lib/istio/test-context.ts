import { indexTopology, type GatewaySpec, type Topology } from "@/lib/topology";
import { loadExample, type ExampleStep } from "@/lib/topology/examples";
import { createContext, type RenderContext } from "./context";

/** Render context for a journey step and cluster, plus a lookup of its gateways (tests only). */
export function exampleContext(
  step: ExampleStep,
  cluster = "east",
): { t: Topology; ctx: RenderContext; gw: (name: string) => GatewaySpec } {
  const t = loadExample(step);
  const index = indexTopology(t);
  const ctx = createContext(index, index.clusters.get(cluster)!);
  const gw = (name: string) => t.gateways.find((g) => g.name === name)!;
  return { t, ctx, gw };
}
