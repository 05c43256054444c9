import type { Topology } from "@/lib/topology";
import { buildContext } from "./context";
import { sortFindings, type Finding, type RuleMeta } from "./finding";
import { RULES } from "./rules";

/** Every finding over the desired state of all clusters at once, in a stable order. */
export function analyze(topology: Topology): Finding[] {
  const ctx = buildContext(topology);
  return sortFindings(RULES.flatMap((r) => r.run(ctx)));
}

/** Codes, names and default severities of all rules (docs, UI legends). */
export function ruleCatalog(): RuleMeta[] {
  return RULES.map((r) => r.meta);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
