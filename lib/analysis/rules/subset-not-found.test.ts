import { describe, expect, it } from "vitest";
import { subsetNotFound } from "./subset-not-found";
import { run, step } from "./test-fixture";

describe("PTC006 VirtualServiceSubsetNotFound", () => {
  it("accepts a declared subset", () => {
    const t = step("02-payments-split");
    t.services.find((s) => s.name === "payments")!.subsets = [{ name: "v1", labels: { version: "v1" } }];
    t.routes[0]!.http[2]!.destinations[0]!.subset = "v1";
    expect(run(subsetNotFound, t)).toEqual([]);
  });

  it("flags an undeclared subset", () => {
    const t = step("02-payments-split");
    t.routes[0]!.http[2]!.destinations[0]!.subset = "v2";
    const f = run(subsetNotFound, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects.map((o) => o.kind)).toEqual(["VirtualService", "DestinationRule"]);
  });
});
