import { describe, expect, it } from "vitest";
import { invalidRegex, re2Error } from "./invalid-regex";
import { run, step } from "./test-fixture";

describe("PTC026 InvalidRegex", () => {
  it("accepts RE2 and refuses what RE2 does not support", () => {
    expect(re2Error("/v1/payments/[0-9]+(/.*)?")).toBeUndefined();
    expect(re2Error("/v1/(?!admin).*")).toMatch(/invalid or unsupported Perl syntax/);
    expect(re2Error("(a)\\1")).toMatch(/escape/);
    expect(re2Error("[z-a]")).toMatch(/range/);
    expect(re2Error("")).toMatch(/empty/);
  });

  it("is clean for the reference scenario", () => {
    expect(run(invalidRegex, step("02-payments-split"))).toEqual([]);
  });

  it("flags path and header regexes of a route", () => {
    const t = step("02-payments-split");
    const rule = t.routes[0]!.http[0]!;
    rule.match = [{ path: { regex: "/v1/(?=cards).*" }, headers: { "x-user": { regex: "(\\w+)\\1" } } }];
    const f = run(invalidRegex, t);
    expect(f.map((x) => x.message)).toEqual([
      expect.stringMatching(/path regex "\/v1\/\(\?=cards\)\.\*" is not valid RE2/),
      expect.stringMatching(/header x-user regex .* is not valid RE2/),
    ]);
  });
});
