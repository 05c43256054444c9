// What the colours and borders of the picture mean, and the totals of a comparison.
export function TopologyLegend({ diff }: { diff?: Record<string, number> }) {
  return (
    <ul className="flex flex-wrap items-center gap-3 text-xs text-slate-800" aria-label="Legend">
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-5 rounded border-2 border-sky-400 bg-sky-50" aria-hidden="true" />{" "}
        host
      </li>
      <li className="flex items-center gap-1">
        <span
          className="inline-block h-3 w-5 rounded border-2 border-violet-400 bg-violet-50"
          aria-hidden="true"
        />{" "}
        client
      </li>
      <li className="flex items-center gap-1">
        <span
          className="inline-block h-3 w-5 rounded border-2 border-dashed border-slate-700 bg-slate-200"
          aria-hidden="true"
        />{" "}
        shared gateway
      </li>
      <li className="flex items-center gap-1">
        <span
          className="inline-block h-3 w-5 rounded border-2 border-indigo-600 bg-indigo-50"
          aria-hidden="true"
        />{" "}
        product gateway
      </li>
      <li className="flex items-center gap-1">
        <span
          className="inline-block h-3 w-5 rounded border-2 border-emerald-500 bg-white"
          aria-hidden="true"
        />{" "}
        service
      </li>
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
