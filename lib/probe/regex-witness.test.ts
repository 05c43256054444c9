import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { regexWitness } from "./regex-witness";

describe("regexWitness", () => {
  it.each([
    "/v1/payments/[0-9]+",
    "/v1/payments/\\d{3,}/refunds",
    "/v1/(payments|refunds)/[^/]+",
    "/v1/users/(?P<id>[a-z0-9-]+)/?",
    "/api/v[12]/.*",
    "(?i)/Health",
    "^/v1/items/[[:digit:]]+$",
    "/files/[^a-z]+",
  ])("finds a string %s matches in full", (pattern) => {
    const w = regexWitness(pattern);
    expect(w).toBeDefined();
    expect(RE2JS.compile(pattern).testExact(w!)).toBe(true);
  });

  it("answers undefined when RE2 refuses the pattern or no guess matches", () => {
    expect(regexWitness("(a)\\1")).toBeUndefined();
    expect(regexWitness("/x(?=y)")).toBeUndefined();
    expect(regexWitness("[^\\x00-\\x{10FFFF}]")).toBeUndefined();
  });
});
