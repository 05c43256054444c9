import { SEVERITY_TONE } from "@/components/migrations/findings-list";
import { Badge } from "@/components/ui/badge";
import type { Finding } from "@/lib/api/schemas/analysis";
import { groupFindings } from "@/lib/analysis/group-findings";

function objectName(o: Finding["objects"][number]): string {
  return `${o.cluster ? `${o.cluster}: ` : ""}${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

/**
 * The analyzer's findings one rule at a time, errors first: the rule's message once with the
 * count, and the affected objects folded away, so one error stays visible among hundreds of
 * warnings of a wide estate.
 */
export function FindingGroups({
  findings,
  rules,
}: {
  findings: readonly Finding[];
  /** Rule code → what the rule checks. */
  rules?: Readonly<Record<string, string>>;
}) {
  if (findings.length === 0) return <p className="text-sm">No findings.</p>;
  const groups = groupFindings(findings, rules);
  return (
    <ul className="space-y-2 text-sm" aria-label="Findings by rule">
      {groups.map((g) => (
        <li key={`${g.severity}-${g.code}`} className="rounded border border-slate-200 px-3 py-2">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={SEVERITY_TONE[g.severity]}>{g.severity}</Badge>
            <code className="text-xs text-slate-700">
              {g.code} {g.name}
            </code>
            <span className="text-xs text-slate-700">
              {g.count} {g.count === 1 ? "finding" : "findings"}
            </span>
          </div>
          <p className="mt-1 text-slate-900">{g.message}</p>
          {g.hint ? <p className="mt-0.5 text-xs text-slate-700">Fix: {g.hint}</p> : null}
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-slate-700">
              Affected objects ({g.findings.reduce((n, f) => n + f.objects.length, 0)})
            </summary>
            <ul className="mt-1 space-y-1 pl-4 text-xs">
              {g.findings.map((f, i) => (
                <li key={i} className="break-words">
                  <span className="font-mono">{f.objects.map(objectName).join(", ") || "the model"}</span>
                  {" — "}
                  {f.message}
                  {g.hint ? null : <span className="text-slate-700"> Fix: {f.hint}</span>}
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
