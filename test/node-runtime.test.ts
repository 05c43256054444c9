// CI runs the suite once more on another Node.js (PATH=<its bin>:$PATH npx vitest run ...) with
// PORTICO_EXPECT_NODE_MAJOR set: this proves vitest's workers, not only its launcher, run on it.
import { describe, expect, it } from "vitest";

describe("node runtime", () => {
  it("runs the tests on the Node.js major CI asked for, or on a supported one", () => {
    const major = Number(process.versions.node.split(".")[0]);
    const expected = process.env.PORTICO_EXPECT_NODE_MAJOR;
    if (expected) expect(major).toBe(Number(expected));
    else expect(major).toBeGreaterThanOrEqual(20);
  });
});
