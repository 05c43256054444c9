import { describe, expect, it } from "vitest";
import { analyzerBlocker, isAnalyzerBlocker, stepBlockers } from "./analyzer-blockers";

const analyzer = analyzerBlocker(["PTC026", "PTC026", "PTC010"], 3);
const contract = "The API contract breaks for 2 call class(es); fix the step before applying.";
const gate = "The cut-over gate is held: DNS still sends 40 % to the shared gateway.";

describe("analyzer blockers", () => {
  it("names each code once and is recognised as the analyzer's", () => {
    expect(analyzer).toBe("The analyzer reports 3 error(s): PTC026, PTC010.");
    expect(isAnalyzerBlocker(analyzer)).toBe(true);
    expect(isAnalyzerBlocker(contract)).toBe(false);
  });

  it("offers the override (the wizard's reason field) only when the analyzer alone blocks", () => {
    expect(stepBlockers([analyzer], undefined)).toEqual({ remaining: [analyzer], onlyAnalyzer: true });
    expect(stepBlockers([analyzer, contract], undefined).onlyAnalyzer).toBe(false);
    expect(stepBlockers([gate, analyzer], undefined).onlyAnalyzer).toBe(false);
    expect(stepBlockers([], undefined)).toEqual({ remaining: [], onlyAnalyzer: false });
  });

  it("drops only the analyzer's blocker when a reason is given", () => {
    expect(stepBlockers([analyzer], { reason: "known false positive" }).remaining).toEqual([]);
    expect(stepBlockers([analyzer, contract], { reason: "known false positive" }).remaining).toEqual([
      contract,
    ]);
  });
});
