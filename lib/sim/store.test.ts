import { describe, expect, it } from "vitest";
import { Store } from "./store";

describe("store", () => {
  it("keeps one increasing resourceVersion and replays events after a version", () => {
    const s = new Store();
    for (const name of ["a", "b", "c"])
      s.put(
        "/configmaps",
        { metadata: { name, namespace: "n", resourceVersion: String(s.nextRv()) } },
        "ADDED",
      );
    expect(s.rv).toBe(3);
    expect(s.eventsSince(1)!.map((e) => e.object.metadata.name)).toEqual(["b", "c"]);
    expect(s.eventsSince(3)).toEqual([]);
    expect(s.list("/configmaps", "n").map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
  });

  it("answers null (410 Gone) for versions older than its history", () => {
    const s = new Store();
    s.load({
      rv: 50,
      tables: { "/configmaps": [{ metadata: { name: "x", namespace: "n", resourceVersion: "50" } }] },
    });
    expect(s.eventsSince(10)).toBeNull();
    expect(s.eventsSince(50)).toEqual([]);
    expect(s.count()).toBe(1);
  });
});
