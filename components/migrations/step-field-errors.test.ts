import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/query/api-fetch";
import { asSentence, stepFieldErrors, stepFieldKey } from "./step-field-errors";

describe("stepFieldErrors", () => {
  it("maps a successor's issue to the form row it came from, as a sentence", () => {
    // Rows 0 and 2 had names; row 1 was left empty and not sent.
    const err = new ApiError(400, "BAD_REQUEST", "Invalid request body: successors[1].name: ...", {
      issues: [
        { path: "successors[1].name", message: "use lower case letters, digits and '-' (a DNS label)" },
        { path: "successors[0].paths", message: "give each successor at least one path" },
        { path: "namespace", message: "Too big: expected string to have <=63 characters" },
      ],
    });
    const { fields, other } = stepFieldErrors(err, [0, 2]);
    expect(fields.get("successor-2-name")).toBe("Use lower case letters, digits and '-' (a DNS label).");
    expect(fields.get("successor-0-paths")).toBe("Give each successor at least one path.");
    expect(fields.get("namespace")).toBe("Too big: expected string to have <=63 characters.");
    expect(other).toEqual([]);
    expect([...fields.values()].some((m) => m.includes("successors["))).toBe(false);
  });

  it("keeps issues no field shows apart, and ignores errors that are not about the input", () => {
    const err = new ApiError(400, "BAD_REQUEST", "x", {
      issues: [{ path: "replicas", message: "too big" }],
    });
    expect(stepFieldErrors(err, []).other).toEqual(["Too big."]);
    const conflict = new ApiError(409, "CONFLICT", "the topology changed", { issues: [] });
    expect(stepFieldErrors(conflict, []).fields.size).toBe(0);
    expect(stepFieldErrors(new Error("network"), []).other).toEqual([]);
  });

  it("names the field of each path the form sends", () => {
    expect(stepFieldKey("targetCluster", [])).toBe("target");
    expect(stepFieldKey("clients[3]", [])).toBe("clients");
    expect(stepFieldKey("service.name", [])).toBe("service");
    expect(stepFieldKey("successors[5].name", [0])).toBe("successors");
    expect(asSentence("ok.")).toBe("Ok.");
  });
});
