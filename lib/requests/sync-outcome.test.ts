import { describe, expect, it } from "vitest";
import { syncOutcome } from "./sync-outcome";

const obs = (cluster: string, observedRevision: number | null, errors = 0) => ({
  cluster,
  registered: true,
  observedRevision,
  errors: Array.from({ length: errors }, (_, i) => ({ kind: "Gateway", name: `g${i}`, message: "invalid" })),
});

describe("syncOutcome", () => {
  it("is applied once every cluster observed the revision or a later one", () => {
    expect(syncOutcome(5, [obs("east", 5), obs("west", 6)]).status).toBe("applied");
    expect(syncOutcome(5, [obs("east", 5), obs("west", 4)]).status).toBe("waiting");
  });
  it("fails only when the other clusters have settled", () => {
    expect(syncOutcome(5, [obs("east", 5, 1), obs("west", 4)]).status).toBe("waiting");
    expect(syncOutcome(5, [obs("east", 5, 1), obs("west", 5)]).status).toBe("failed");
  });
  it("waits for unregistered clusters", () => {
    expect(
      syncOutcome(5, [{ cluster: "x", registered: false, observedRevision: null, errors: [] }]).status,
    ).toBe("waiting");
  });
});
