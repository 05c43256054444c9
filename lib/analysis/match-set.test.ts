import { describe, expect, it } from "vitest";
import { matchCovers, matchOverlaps, pathCovers, stringOverlaps } from "./match-set";
import { hostMatches } from "./hosts";

describe("match reasoning", () => {
  it("prefix covers longer prefixes and exacts under it", () => {
    expect(pathCovers({ prefix: "/v1" }, { prefix: "/v1/x" })).toBe(true);
    expect(pathCovers({ prefix: "/v1" }, { exact: "/v1" })).toBe(true);
    expect(pathCovers({ prefix: "/v1/x" }, { prefix: "/v1" })).toBe(false);
    expect(pathCovers({ prefix: "/" }, undefined)).toBe(true);
    expect(pathCovers({ regex: "/a.*" }, { regex: "/a.*" })).toBe(true);
    expect(pathCovers({ regex: "/a.*" }, { prefix: "/a" })).toBe(false);
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
