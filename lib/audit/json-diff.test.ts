import { describe, expect, it } from "vitest";
import { jsonDiff } from "./json-diff";

describe("jsonDiff", () => {
  it("lists added, removed and changed leaves", () => {
    expect(jsonDiff({ status: "submitted", a: [1] }, { status: "approved", b: true })).toEqual([
      { path: "a[0]", before: "1", after: undefined, change: "removed" },
      { path: "b", before: undefined, after: "true", change: "added" },
      { path: "status", before: '"submitted"', after: '"approved"', change: "changed" },
    ]);
  });
  it("handles a missing side", () => {
    expect(jsonDiff(null, { x: 1 })).toEqual([{ path: "x", before: undefined, after: "1", change: "added" }]);
  });
});
