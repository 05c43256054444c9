import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Finding } from "@/lib/api/schemas/analysis";

/** The badge tone of a finding's severity, wherever findings are shown. */
export const SEVERITY_TONE: Record<Finding["severity"], BadgeTone> = {
  error: "danger",
  warning: "warning",
  info: "info",
};

/** Analyzer and import findings, errors first; errors block apply, so they say how to fix. */
export function FindingsList({ findings, empty = "No findings." }: { findings: Finding[]; empty?: string }) {
  if (findings.length === 0) return <p className="text-sm text-emerald-800">{empty}</p>;
  return (
    <ul className="space-y-2" aria-label="Findings">
      {findings.map((f, i) => (
        <li key={`${f.code}-${i}`} className="rounded border border-slate-200 px-3 py-2 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={SEVERITY_TONE[f.severity]}>{f.severity}</Badge>
            <code className="text-xs text-slate-700">
              {f.code} {f.name}
            </code>
          </div>
          <p className="mt-1 text-slate-900">{f.message}</p>
          <p className="mt-0.5 text-xs text-slate-700">Fix: {f.hint}</p>
        </li>
      ))}
    </ul>
  );
}
