import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseTopologyText } from "./load";
import type { Topology } from "./schema";

/** The reference scenario, one file per journey step (docs/examples). */
export const EXAMPLE_STEPS = [
  "00-shared-ingress",
  "01-payments-gateway",
  "02-payments-split",
  "03-payments-west",
] as const;
export type ExampleStep = (typeof EXAMPLE_STEPS)[number];

export function examplePath(step: ExampleStep): string {
  return fileURLToPath(new URL(`../../docs/examples/${step}.yaml`, import.meta.url));
}

/** Loads and validates one journey step; throws on an invalid file (a bug in the examples). */
export function loadExample(step: ExampleStep): Topology {
  const r = parseTopologyText(readFileSync(examplePath(step), "utf8"));
  if (!r.ok) throw new Error(`${step}: ${JSON.stringify(r.errors)}`);
  return r.topology;
}
