import { describe, expect, it } from "vitest";
import { matchCovers, matchOverlaps, pathCovers, ruleShadowedBy, stringOverlaps } from "./match-set";
import { hostMatches } from "./hosts";

describe("match reasoning", () => {
  it("prefix covers longer prefixes and exacts under it", () => {
    expect(pathCovers({ prefix: "/v1" }, { prefix: "/v1/x" })).toBe(true);
    expect(pathCovers({ prefix: "/v1" }, { exact: "/v1" })).toBe(true);
    expect(pathCovers({ prefix: "/v1/x" }, { prefix: "/v1" })).toBe(false);
    expect(pathCovers({ prefix: "/" }, undefined)).toBe(true);
    expect(pathCovers({ regex: "/a.*" }, { regex: "/a.*" })).toBe(true);
    // Decided as languages, not compared as text.
    expect(pathCovers({ regex: "/a.*" }, { prefix: "/a" })).toBe(true);
    expect(pathCovers({ regex: "/a/[0-9]+" }, { prefix: "/a/1" })).toBe(false);
    expect(pathCovers({ regex: "/.*" }, undefined)).toBe(true);
  });

  it("decides regex overlap exactly", () => {
    expect(stringOverlaps({ regex: "v[0-9]+" }, { prefix: "va" })).toBe(false);
    expect(stringOverlaps({ regex: "v[0-9]+" }, { prefix: "v1" })).toBe(true);
    expect(matchOverlaps({ path: { regex: "/v1/[a-z]+" } }, { path: { exact: "/v1/42" } })).toBe(false);
    expect(matchCovers({ path: { regex: "(?i)/V1/.*" } }, { path: { prefix: "/v1/" } })).toBe(true);
  });

  it("finds a rule shadowed only by the union of earlier rules", () => {
    const dest = [{ service: "a" }];
    const earlier = [
      { match: [{ path: { regex: "/v1/[0-4].*" } }], destinations: dest },
      { match: [{ path: { regex: "/v1/[5-9].*" } }], destinations: dest },
    ];
    const later = { match: [{ path: { regex: "/v1/[0-9]+" } }], destinations: dest };
    expect(ruleShadowedBy(later, earlier)).toBe(earlier[0]);
    expect(ruleShadowedBy({ ...later, match: [{ path: { prefix: "/v1/" } }] }, earlier)).toBeUndefined();
  });

  it("methods and headers narrow matches", () => {
    expect(matchCovers({ path: { prefix: "/" } }, { path: { prefix: "/a" }, method: "GET" })).toBe(true);
    expect(matchCovers({ method: "GET" }, { method: "POST" })).toBe(false);
    expect(matchCovers({ headers: { a: { exact: "1" } } }, {})).toBe(false);
    expect(matchOverlaps({ method: "GET" }, { method: "POST" })).toBe(false);
    expect(matchOverlaps({ headers: { a: { exact: "1" } } }, { headers: { a: { exact: "2" } } })).toBe(false);
    expect(stringOverlaps({ prefix: "/a" }, { exact: "/b" })).toBe(false);
    expect(stringOverlaps({ prefix: "/a" }, { prefix: "/a/b" })).toBe(true);
  });

  it("matches hosts with wildcards and namespace prefixes", () => {
    expect(hostMatches("*.my-company.io", "payments.my-company.io")).toBe(true);
    expect(hostMatches("payments/payments.my-company.io", "payments.my-company.io")).toBe(true);
    expect(hostMatches("*.other.io", "payments.my-company.io")).toBe(false);
    expect(hostMatches("*", "anything.io")).toBe(true);
  });
});
