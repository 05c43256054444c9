import { describe, expect, it } from "vitest";
import { invalidHostReason } from "../hosts";
import { invalidHost } from "./invalid-host";
import { run, step } from "./test-fixture";

describe("PTC015 InvalidHostName", () => {
  it("is clean for the reference scenario", () => {
    expect(run(invalidHost, step("01-payments-gateway"))).toEqual([]);
  });

  it.each([
    ["pay*ments.my-company.io", /wildcard/],
    ["*.*.my-company.io", /wildcard/],
    ["Payments.my-company.io", /lower case/],
    ["payments.my-company.io.", /trailing dot/],
    ["pay_ments.my-company.io", /label/],
    [`${"a".repeat(64)}.io`, /63/],
  ])("rejects %s", (host, why) => {
    expect(invalidHostReason(host)).toMatch(why);
  });

  it("accepts valid names and leading wildcards", () => {
    for (const h of ["payments.my-company.io", "*.my-company.io", "*", "a-b.c"])
      expect(invalidHostReason(h)).toBeUndefined();
  });

  it("reports invalid route and listener hosts, and warns on catch-all and short names", () => {
    const t = step("01-payments-gateway");
    t.routes[0]!.host = "payments.my-company.io.";
    t.gateways[1]!.listeners[0]!.hosts = ["pay*.my-company.io"];
    t.routes[1]!.host = "*";
    expect(run(invalidHost, t).map((f) => f.severity)).toEqual(["error", "error", "warning"]);
    t.routes[1]!.host = "analytics";
    expect(run(invalidHost, t).at(-1)!.message).toMatch(/short name/);
  });
});
