// RE2 as Envoy uses it: full matches, no backreferences or lookaround, \N rewrites.
import { describe, expect, it } from "vitest";
import { compileRe2, re2FullMatch, re2ReplaceAll } from "./regex";

describe("re2FullMatch", () => {
  it("matches the whole value only", () => {
    expect(re2FullMatch("/v[0-9]+", "/v12")).toBe(true);
    expect(re2FullMatch("/v[0-9]+", "/v12/x")).toBe(false);
    expect(re2FullMatch("\\d+$", "a123")).toBe(false);
  });

  it("never matches a pattern RE2 rejects, even when JS RegExp would accept it", () => {
    expect(new RegExp("^(a)\\1$").test("aa")).toBe(true);
    expect(re2FullMatch("(a)\\1", "aa")).toBe(false);
    expect(re2FullMatch("(?=a)a", "a")).toBe(false);
    expect(compileRe2("(?!b)")).toBeUndefined();
  });

  it("caches compiled patterns", () => {
    expect(compileRe2("cached.*")).toBe(compileRe2("cached.*"));
  });
});

describe("re2ReplaceAll", () => {
  // virtual-service.md RegexRewrite example.
  it("substitutes \\N capture groups", () => {
    expect(re2ReplaceAll("^/service/([^/]+)(/.*)$", "/service/foo/v1/api", "\\2/instance/\\1")).toBe(
      "/v1/api/instance/foo",
    );
  });

  it("replaces every match, with RE2's rule for empty matches", () => {
    expect(re2ReplaceAll("/+", "//a///b", "/")).toBe("/a/b");
    expect(re2ReplaceAll("a*", "baaac", "-")).toBe("-b-c-");
  });

  it("refuses a rewrite naming a missing group or a bad escape", () => {
    expect(re2ReplaceAll("(a)", "a", "\\2")).toBeUndefined();
    expect(re2ReplaceAll("(a)", "a", "\\x")).toBeUndefined();
    expect(re2ReplaceAll("(a)", "a", "\\\\\\1")).toBe("\\a");
  });
});
