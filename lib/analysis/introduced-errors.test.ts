import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/analysis";
import { introducedErrors } from "./introduced-errors";

const f = (code: string, message: string, severity: Finding["severity"] = "error"): Finding => ({
  code,
  name: code,
  severity,
  message,
  objects: [],
  hint: "",
});

describe("introducedErrors", () => {
  it("keeps only errors the base does not already have", () => {
    const base = [f("PTC001", "old conflict")];
    const draft = [
      f("PTC001", "old conflict"),
      f("PTC001", "new conflict"),
      f("PTC002", "a warning", "warning"),
    ];
    expect(introducedErrors(base, draft).map((x) => x.message)).toEqual(["new conflict"]);
  });
});
