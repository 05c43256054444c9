import { describe, expect, it } from "vitest";
import { hostileUrlReason, hostileValueReason, pageParam } from "./hostile-input";

const base = "http://portico.test";

describe("hostileUrlReason", () => {
  it.each([
    ["/api/requests/%00", /control character U\+0000/],
    ["/api/requests/%ff", /not UTF-8/],
    ["/api/requests/%E0%A4%A", /not followed by two hexadecimal digits/],
    ["/api/requests/50%", /not followed by two hexadecimal digits/],
    ["/api/audit?actor=%00", /query string has the control character U\+0000/],
    ["/api/audit?actor=%FF%FE", /query string has percent-encoded bytes/],
    ["/api/audit?%0a=1", /U\+000A/],
    ["/sign-in?next=/%09/evil.example", /U\+0009/],
    ["/api/audit?actor=%7f", /U\+007F/],
    ["/api/audit?actor=%EF%BF%BD", /not UTF-8/],
  ])("%s", (path, message) => {
    expect(hostileUrlReason(`${base}${path}`)).toMatch(message);
  });

  it.each([
    "/",
    "/api/requests/abc",
    "/api/audit?actor=a%40b.io&limit=5",
    "/clusters/east%2Dwest",
    "/x?q=a+b",
  ])("accepts %s", (path) => {
    expect(hostileUrlReason(`${base}${path}`)).toBeNull();
  });
});

describe("hostileValueReason", () => {
  it("names the field holding a NUL, a control character or a lone surrogate", () => {
    expect(hostileValueReason({ routes: [{ service: "web\u0000" }] })).toBe(
      "The field routes[0].service has the control character U+0000; remove it.",
    );
    expect(hostileValueReason({ name: "a\u001bb" })).toMatch(/name has the control character U\+001B/);
    expect(hostileValueReason({ name: "\ud800" })).toMatch(/unpaired UTF-16 surrogate/);
    expect(hostileValueReason({ ["ke\u0000y"]: 1 })).toMatch(/field name .* U\+0000/);
    expect(hostileValueReason("\u0007")).toMatch(/^The request body has/);
  });

  it("keeps multi-line text and paired surrogates", () => {
    expect(hostileValueReason({ yaml: "a: 1\n\tb: 2\r\n", emoji: "\ud83d\ude00", n: 1, b: null })).toBeNull();
  });

  it("walks nesting deeper than a recursive walk could", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hostileValueReason(deep)).toMatch(/U\+0000/);
  });
});

describe("pageParam", () => {
  it("decodes once and refuses what cannot be a name", () => {
    expect(pageParam("east")).toBe("east");
    expect(pageParam("a%2Db")).toBe("a-b");
    expect(pageParam("%ff")).toBeNull();
    expect(pageParam("%00")).toBeNull();
    expect(pageParam("a%0ab")).toBeNull();
    expect(pageParam(undefined)).toBeNull();
    expect(pageParam(["a", "b"])).toBeNull();
  });
});
