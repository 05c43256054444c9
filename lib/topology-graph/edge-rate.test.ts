import { describe, expect, it } from "vitest";
import { edgeRateLabel, sumEdgeRates } from "./edge-rate";

describe("edgeRateLabel", () => {
  it.each([
    [2.1, 0.0105, "2.1 req/s · 0.5 % 5xx"],
    [2, 0, "2 req/s · 0 % 5xx"],
    [150.4, 30, "150 req/s · 20 % 5xx"],
    [0.03, 0, "0.03 req/s · 0 % 5xx"],
    [1, 0.0001, "1 req/s · < 0.1 % 5xx"],
    [0.0004, 0, "< 0.001 req/s · 0 % 5xx"],
    [0, 0, "0 req/s"],
  ])("%s req/s with %s 5xx/s reads %s", (requestsPerSecond, errorsPerSecond, label) => {
    expect(edgeRateLabel({ requestsPerSecond, errorsPerSecond })).toBe(label);
  });

  it("sums the edges a folded edge stands for", () => {
    const sum = sumEdgeRates(
      [
        { edge: "a->b", requestsPerSecond: 1, errorsPerSecond: 0.5 },
        { edge: "a->c", requestsPerSecond: 3, errorsPerSecond: 0 },
      ],
      "a->group",
    );
    expect(edgeRateLabel(sum)).toBe("4 req/s · 13 % 5xx");
  });
});
