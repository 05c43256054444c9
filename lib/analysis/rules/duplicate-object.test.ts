import { describe, expect, it } from "vitest";
import { duplicateObject } from "./duplicate-object";
import { run, step } from "./test-fixture";

describe("PTC020 DuplicateObject", () => {
  it("is clean for the reference scenario", () => {
    expect(run(duplicateObject, step("03-payments-west"))).toEqual([]);
  });

  it("flags two routes rendering to the same VirtualService", () => {
    const t = step("03-payments-west");
    t.routes.push(structuredClone(t.routes[0]!));
    t.services.push(structuredClone(t.services[0]!));
    const f = run(duplicateObject, t);
    expect(f.map((x) => x.objects[0]!.kind)).toEqual(["VirtualService", "Service"]);
  });
});
