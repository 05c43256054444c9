import { describe, expect, it } from "vitest";
import { listKeysFor } from "./field-set";
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from "./patch";

describe("patches", () => {
  it("merge patch follows RFC 7386", () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      f: [1],
    });
  });

  it("JSON patch follows RFC 6902, test included", () => {
    const doc = { a: [1, 2], b: { c: "x" } };
    expect(
      jsonPatch(doc, [
        { op: "add", path: "/a/-", value: 3 },
        { op: "remove", path: "/a/0" },
        { op: "move", from: "/b/c", path: "/d" },
        { op: "copy", from: "/d", path: "/e" },
        { op: "test", path: "/e", value: "x" },
      ]),
    ).toEqual({ a: [2, 3], b: {}, d: "x", e: "x" });
    expect(doc).toEqual({ a: [1, 2], b: { c: "x" } });
    expect(() => jsonPatch(doc, [{ op: "test", path: "/a/0", value: 9 }])).toThrow(PatchError);
    expect(() => jsonPatch(doc, [{ op: "replace", path: "/zz", value: 9 }])).toThrow(PatchError);
  });

  it("strategic merge patch merges keyed lists and honours $patch: delete", () => {
    const lk = listKeysFor("apps");
    const dep = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "a", image: "a:1" },
              { name: "b", image: "b:1" },
            ],
          },
        },
      },
    };
    const out = strategicMergePatch(
      dep,
      {
        spec: {
          template: {
            spec: {
              "$setElementOrder/containers": [{ name: "a" }, { name: "c" }],
              containers: [
                { name: "b", $patch: "delete" },
                { name: "c", image: "c:1" },
                { name: "a", image: "a:2" },
              ],
            },
          },
        },
      },
      lk,
    );
    expect(out).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              { name: "a", image: "a:2" },
              { name: "c", image: "c:1" },
            ],
          },
        },
      },
    });
  });
});
