import { describe, expect, it } from "vitest";
import type { Finding, Severity } from "./finding";
import { groupFindings } from "./group-findings";

const f = (code: string, severity: Severity, gateway: string, hint = "Bind a route."): Finding => ({
  code,
  name: `Rule${code}`,
  severity,
  message: `Gateway ${gateway} has a problem of ${code}.`,
  objects: [{ cluster: "east", kind: "Gateway", namespace: "gw", name: gateway }],
  hint,
});

describe("groupFindings", () => {
  it("puts hundreds of warnings of one rule in one group with their count, errors first", () => {
    const warnings = Array.from({ length: 300 }, (_, i) => f("PTC022", "warning", `g${1000 - i}`));
    const groups = groupFindings([...warnings, f("PTC030", "info", "a"), f("PTC001", "error", "z")], {
      PTC022: "A gateway accepts a host no route serves on it.",
    });
    expect(groups.map((g) => [g.code, g.severity, g.count])).toEqual([
      ["PTC001", "error", 1],
      ["PTC022", "warning", 300],
      ["PTC030", "info", 1],
    ]);
    const warning = groups[1]!;
    expect(warning.message).toBe("A gateway accepts a host no route serves on it.");
    expect(warning.hint).toBe("Bind a route.");
    // Every affected object is kept, in the analyzer's order (by object), each with its own message.
    expect(warning.findings).toHaveLength(300);
    expect(warning.findings[0]!.objects[0]!.name).toBe("g1000");
    expect(warning.findings[0]!.message).toBe("Gateway g1000 has a problem of PTC022.");
  });

  it("keeps a rule's findings raised above its severity apart from its others", () => {
    const groups = groupFindings([f("PTC022", "warning", "a"), f("PTC022", "error", "b")]);
    expect(groups.map((g) => [g.code, g.severity, g.count])).toEqual([
      ["PTC022", "error", 1],
      ["PTC022", "warning", 1],
    ]);
  });

  it("states the message once only when it is one, and no hint when the findings' hints differ", () => {
    const same = groupFindings([f("PTC005", "error", "a"), f("PTC005", "error", "a", "Other fix.")])[0]!;
    expect(same.message).toBe("Gateway a has a problem of PTC005.");
    expect(same.hint).toBeNull();
    const different = groupFindings([f("PTC005", "error", "a"), f("PTC005", "error", "b")])[0]!;
    expect(different.message).toBe("RulePTC005 (PTC005)");
    expect(different.hint).toBe("Bind a route.");
  });

  it("answers no group for no finding", () => {
    expect(groupFindings([])).toEqual([]);
  });
});
