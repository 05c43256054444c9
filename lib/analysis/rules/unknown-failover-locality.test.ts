import { describe, expect, it } from "vitest";
import { unknownFailoverLocality } from "./unknown-failover-locality";
import { run, step } from "./test-fixture";

describe("PTC028 UnknownFailoverLocality", () => {
  it("is clean for the reference scenario", () => {
    expect(run(unknownFailoverLocality, step("03-payments-west"))).toEqual([]);
  });

  it("flags zones, unknown regions, region/zone pairs and a region failing over to itself", () => {
    const t = step("03-payments-west");
    t.failover[0]!.failover = [
      { from: "us-east-1a", to: "us-west-2" },
      { from: "eu-west-1", to: "us-east-1/us-east-1a" },
      { from: "us-west-2", to: "us-west-2" },
    ];
    expect(run(unknownFailoverLocality, t).map((f) => f.message)).toEqual([
      expect.stringMatching(
        /us-east-1a is the zone of cluster east; failover names regions \(here us-east-1\)/,
      ),
      expect.stringMatching(/no declared cluster is in region eu-west-1/),
      expect.stringMatching(/us-east-1\/us-east-1a is not a region/),
      expect.stringMatching(/from us-west-2 to itself/),
    ]);
  });
});
