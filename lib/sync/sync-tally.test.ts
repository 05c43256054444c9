// What one reconcile says it did, and when the cluster counts as holding the revision.
import { describe, expect, it } from "vitest";
import { countsOf, holdsRevision, newTally, syncMessage } from "./sync-tally";

describe("sync tally", () => {
  it("says what a run did, naming drift, waiting objects and errors only when there are any", () => {
    const t = { ...newTally(), applied: 3, unchanged: 12 };
    expect(syncMessage(7, t)).toBe("Revision 7: 3 applied, 12 unchanged, 0 deleted.");
    expect(syncMessage(null, { ...t, drifted: 1, waiting: 2, errors: 1 })).toBe(
      "Revision none: 3 applied, 12 unchanged, 0 deleted, 1 drifted, 2 waiting, 1 with errors.",
    );
  });

  it("holds the revision only without errors, waiting objects or drift beyond what Portico keeps", () => {
    expect(holdsRevision(newTally())).toBe(true);
    expect(holdsRevision({ ...newTally(), drifted: 2, kept: 2 })).toBe(true);
    expect(holdsRevision({ ...newTally(), drifted: 2, kept: 1 })).toBe(false);
    expect(holdsRevision({ ...newTally(), waiting: 1 })).toBe(false);
    expect(holdsRevision({ ...newTally(), errors: 1 })).toBe(false);
  });

  it("reports counts without the sync's own bookkeeping", () => {
    expect(countsOf({ ...newTally(), kept: 3, applied: 1 })).toEqual({
      applied: 1,
      deleted: 0,
      unchanged: 0,
      drifted: 0,
      errors: 0,
      waiting: 0,
    });
  });
});
