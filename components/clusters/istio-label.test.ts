import { describe, expect, it } from "vitest";
import { istioLabel } from "./istio-label";

describe("istioLabel", () => {
  it("names a revision other than the default one, and nothing when the version is unknown", () => {
    expect(istioLabel({ istioVersion: "1.24.2", istioRevision: "default" })).toBe("1.24.2");
    expect(istioLabel({ istioVersion: "1.24.2", istioRevision: null })).toBe("1.24.2");
    expect(istioLabel({ istioVersion: "1.25.0", istioRevision: "1-25" })).toBe("1.25.0 (revision 1-25)");
    expect(istioLabel({ istioVersion: null, istioRevision: "default" })).toBeNull();
  });
});
