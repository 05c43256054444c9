// The blockers of a migration step that a platform engineer may override with a written reason:
// the analyzer's errors (lib/revisions/analysis-gate.ts). The preview writes them, the apply drops
// them when an override is given, and the wizard offers the reason field, all through this file.

const PREFIX = "The analyzer reports";

/** The blocker a preview shows for the analyzer's errors, e.g. "The analyzer reports 1 error(s): PTC026." */
export function analyzerBlocker(errorCodes: readonly string[], count: number): string {
  return `${PREFIX} ${count} error(s): ${[...new Set(errorCodes)].join(", ")}.`;
}

export function isAnalyzerBlocker(blocker: string): boolean {
  return blocker.startsWith(PREFIX);
}

/**
 * What still blocks a step, given a written override of the analyzer (or none), and whether the
 * analyzer's errors are the only thing blocking it, so an override reason would let it through.
 */
export function stepBlockers(
  blockers: readonly string[],
  override: { reason: string } | undefined,
): { remaining: string[]; onlyAnalyzer: boolean } {
  const others = blockers.filter((b) => !isAnalyzerBlocker(b));
  return {
    remaining: override ? others : [...blockers],
    onlyAnalyzer: blockers.length > 0 && others.length === 0,
  };
}
