import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

// Each of these has sent a browser to another origin through some application's redirect check.
const bypasses: [string, string][] = [
  ["the issue's case: tab after the slash", "/%09/evil.example"],
  ["raw tab after the slash", "/\t/evil.example"],
  ["raw newline after the slash", "/\n/evil.example"],
  ["carriage return", "/\r/evil.example"],
  ["NUL", "/\0/evil.example"],
  ["DEL", "/\x7f/evil.example"],
  ["scheme-relative", "//evil.example"],
  ["scheme-relative with path", "//evil.example/sign-in"],
  ["triple slash", "///evil.example"],
  ["slash backslash", "/\\evil.example"],
  ["backslash slash", "\\/evil.example"],
  ["double backslash", "\\\\evil.example"],
  ["backslash later in the path", "/a\\..\\\\evil.example"],
  ["encoded slash", "/%2F/evil.example"],
  ["encoded slash, lower case", "/%2f%2fevil.example"],
  ["encoded backslash", "/%5Cevil.example"],
  ["encoded tab", "/%09evil.example"],
  ["encoded newline", "/%0a/evil.example"],
  ["encoded NUL", "/%00"],
  ["malformed percent-encoding", "/%E0%A4%A"],
  ["dot segment collapsing to //", "/.//evil.example"],
  ["parent segment collapsing to //", "/..//evil.example"],
  ["encoded dot segment collapsing to //", "/%2e//evil.example"],
  ["absolute https URL", "https://evil.example/"],
  ["absolute http URL", "http://evil.example"],
  ["javascript: URL", "javascript:alert(1)"],
  ["data: URL", "data:text/html,<script>alert(1)</script>"],
  ["scheme with leading space", " https://evil.example"],
  ["leading space", " /settings"],
  ["no leading slash", "evil.example"],
  ["fullwidth solidus", "/\uff0fevil.example"],
  ["fullwidth solidus first", "\uff0f\uff0fevil.example"],
  ["division slash", "/\u2215evil.example"],
  ["fraction slash", "/\u2044evil.example"],
  ["ideographic full stop host", "//evil\u3002example"],
  ["Cyrillic look-alike host", "//\u0435vil.example"],
  ["zero-width space", "/\u200b/evil.example"],
  ["line separator", "/\u2028/evil.example"],
  ["empty", ""],
  ["overlong", `/${"a".repeat(5000)}`],
];

describe("safeRedirectPath refuses known bypasses", () => {
  it.each(bypasses)("%s", (_, next) => {
    expect(safeRedirectPath(next)).toBe("/");
  });

  it("returns the fallback given, for missing values too", () => {
    expect(safeRedirectPath(null, "/sign-in")).toBe("/sign-in");
    expect(safeRedirectPath(undefined, "/sign-in")).toBe("/sign-in");
    expect(safeRedirectPath("//evil.example", "/sign-in")).toBe("/sign-in");
  });

  it("never returns something a browser would resolve to another origin", () => {
    for (const [, next] of bypasses) {
      const out = safeRedirectPath(next);
      expect(new URL(out, "https://portico.example").origin).toBe("https://portico.example");
    }
  });
});

describe("safeRedirectPath keeps Portico's own paths", () => {
  it.each([
    ["/", "/"],
    ["/requests", "/requests"],
    ["/topology?revision=12#node-payments", "/topology?revision=12#node-payments"],
    ["/requests?q=hello%20world", "/requests?q=hello%20world"],
    ["/clusters/east/../west", "/clusters/west"],
    ["/a/@b", "/a/@b"],
    // A path, not userinfo: the browser stays on Portico.
    ["/@evil.example", "/@evil.example"],
  ])("%s", (next, expected) => {
    expect(safeRedirectPath(next)).toBe(expected);
  });
});
