// Step 1's cut-over, as both the preview and the apply judge it: the gate's checks on DNS and the
// drain (read now), and which of the contract check's broken calls the cut-over itself explains
// (calls that break only for clients DNS still sends to the shared gateway). One function, so what
// the wizard shows is what the apply decides.
import { dnsCheck, drainCheck, splitCutOverBreaks } from "@/lib/cutover/cut-over-gate";
import { readCutOverEvidence, type CutOverEvidence } from "@/lib/cutover/read-cut-over-gate";
import type { GateCheck } from "@/lib/cutover/stage-gate";
import type { StepInput, StepPreview } from "@/lib/migration";
import { gatewayRefString, type Topology } from "@/lib/topology";

export interface CutOverFacts {
  checks: GateCheck[];
  evidence: CutOverEvidence;
  /** Broken calls explained by the cut-over (shared gateway, the product's hosts, answered by nothing after). */
  moved: StepPreview["contract"]["broken"];
  /** Broken calls the cut-over does not explain: they block whatever the gate says. */
  unexplained: StepPreview["contract"]["broken"];
}

export function isCutOver(input: StepInput): boolean {
  return input.step === "insert" && input.phase === "cut-over";
}

export async function readCutOverFacts(
  before: Topology,
  product: string,
  preview: StepPreview,
): Promise<CutOverFacts> {
  const evidence = await readCutOverEvidence(before, product);
  const { moved, unexplained } = splitCutOverBreaks(preview.contract.broken, {
    sharedGateways: before.gateways.filter((g) => g.mode === "shared").map(gatewayRefString),
    hosts: before.products.find((p) => p.name === product)?.hosts ?? [],
  });
  return { checks: [dnsCheck(evidence.dns), drainCheck(evidence.drain)], evidence, moved, unexplained };
}

/**
 * The preview's blockers once the cut-over is accounted for: the contract blocker goes when every
 * broken call is explained by the cut-over and the gate passes (or is overridden); a held gate is a
 * blocker of its own.
 */
export function cutOverBlockers(
  blockers: readonly string[],
  facts: CutOverFacts,
  gateAccepted: boolean,
): string[] {
  const out = blockers.filter(
    (b) => !(gateAccepted && facts.unexplained.length === 0 && b.startsWith("The API contract breaks")),
  );
  const failed = facts.checks.filter((c) => !c.pass);
  if (!gateAccepted && failed.length)
    out.push(
      `The cut-over gate is held: ${failed.map((c) => c.detail).join("; ")}. A platform engineer may override it with a written reason.`,
    );
  return out;
}
