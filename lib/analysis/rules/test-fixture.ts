import { type Topology } from "@/lib/topology";
import { loadExample, type ExampleStep } from "@/lib/topology/examples";
import { buildContext } from "../context";
import type { Finding } from "../finding";
import type { Rule } from "../rule";

/** A mutable copy of a journey step (tests only). */
export function step(name: ExampleStep): Topology {
  return structuredClone(loadExample(name));
}

export function run(rule: Rule, t: Topology): Finding[] {
  return rule.run(buildContext(t));
}
