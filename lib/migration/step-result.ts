import { parseTopology, type Topology } from "@/lib/topology";
import { MigrationError } from "./migration-error";

/** What a migration step computed: the after-topology and what it changed, in words. */
export interface StepResult {
  topology: Topology;
  /** One line per change, shown above the plan. */
  changes: string[];
  /** Things the operator must know or do outside Portico (DNS, certificates, shared objects). */
  notes: string[];
}

/** Re-validates a computed document so a step never hands an invalid topology to the plan. */
export function finish(topology: Topology, changes: string[], notes: string[]): StepResult {
  const parsed = parseTopology(topology);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new MigrationError(`The step produced an invalid topology (${first?.path}: ${first?.message}).`);
  }
  return { topology: parsed.topology, changes, notes };
}

export function requireProduct(topology: Topology, product: string) {
  const p = topology.products.find((x) => x.name === product);
  if (!p) throw new MigrationError(`Product "${product}" is not in the topology; import it first.`);
  return p;
}
