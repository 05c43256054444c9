// The favicon every page asks for: a real ICO in public/ (served at /favicon.ico; the release test
// fetches it from the running server), with the sizes browsers pick from.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("public/favicon.ico", () => {
  it("is an ICO holding 16, 32 and 48 pixel PNG images", () => {
    const ico = readFileSync("public/favicon.ico");
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // 1 = icon
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const image = ico.subarray(offset, offset + length);
      expect(image.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(image.readUInt32BE(16)).toBe(ico[entry]); // PNG width matches the directory entry
      sizes.push(ico[entry]!);
    }
    expect(sizes).toEqual([16, 32, 48]);
  });
});
