// What the colours and borders of the picture mean, and the totals of a comparison.
import { KIND_STYLE } from "./kind-style";

const SWATCHES = [
  ["host", KIND_STYLE.host],
  ["client", KIND_STYLE.client],
  ["shared gateway", KIND_STYLE["gateway-shared"]],
  ["product gateway", KIND_STYLE["gateway-product"]],
  ["service", KIND_STYLE.service],
] as const;

export function TopologyLegend({ diff }: { diff?: Record<string, number> }) {
  return (
    <ul className="flex flex-wrap items-center gap-3 text-xs text-slate-800" aria-label="Legend">
      {SWATCHES.map(([label, style]) => (
        <li key={label} className="flex items-center gap-1">
          <span className={`inline-block h-3 w-5 rounded border-2 ${style}`} aria-hidden="true" /> {label}
        </li>
      ))}
      {diff ? (
        <li data-testid="diff-summary">
          Compared: <span className="font-semibold text-emerald-800">{diff.added} added</span>,{" "}
          <span className="font-semibold text-red-800">{diff.removed} removed</span>,{" "}
          <span className="font-semibold text-amber-900">{diff.changed} changed</span>
        </li>
      ) : null}
    </ul>
  );
}
