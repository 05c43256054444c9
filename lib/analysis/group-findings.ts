// The analyzer's findings grouped for a reader: on a wide estate one rule fires hundreds of times
// (a warning per gateway), so a list of findings buries the one error among them. A group is a
// rule at one severity (a rule may raise some findings above its own severity), errors first.
import { sortFindings, type Finding, type Severity } from "./finding";

export type FindingGroup = {
  code: string;
  name: string;
  severity: Severity;
  count: number;
  /** What the rule checks, once for the group: its description, or the findings' own message when they all say the same. */
  message: string;
  /** The fix when every finding of the group suggests the same one. */
  hint: string | null;
  /** The findings in their deterministic order, each with its own message and objects. */
  findings: Finding[];
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Groups findings by rule code and severity. `descriptions` maps a rule code to the rule's
 * one-line description; without one, a group whose findings differ names the rule instead.
 */
export function groupFindings(
  findings: readonly Finding[],
  descriptions: Readonly<Record<string, string>> = {},
): FindingGroup[] {
  const byKey = new Map<string, Finding[]>();
  for (const f of sortFindings([...findings])) {
    const key = `${f.severity}|${f.code}`;
    const list = byKey.get(key);
    if (list) list.push(f);
    else byKey.set(key, [f]);
  }
  const groups = [...byKey.values()].map((list): FindingGroup => {
    const first = list[0]!;
    const same = (pick: (f: Finding) => string) => list.every((f) => pick(f) === pick(first));
    return {
      code: first.code,
      name: first.name,
      severity: first.severity,
      count: list.length,
      message:
        descriptions[first.code] ??
        (same((f) => f.message) ? first.message : `${first.name} (${first.code})`),
      hint: same((f) => f.hint) ? first.hint : null,
      findings: list,
    };
  });
  return groups.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
