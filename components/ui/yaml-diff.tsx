// A unified YAML diff, removed lines red and added lines green; focusable so keyboard users can
// scroll a long one. One rendering for the plan, drift and the force dialog.
export function YamlDiff({ diff, label }: { diff: string; label: string }) {
  return (
    <pre
      tabIndex={0}
      role="region"
      aria-label={label}
      className="mt-2 max-h-96 overflow-auto rounded bg-slate-950 p-2 text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-400"
    >
      {diff.split("\n").map((line, n) => (
        <span
          key={n}
          className={
            line.startsWith("+") ? "text-emerald-300" : line.startsWith("-") ? "text-rose-300" : undefined
          }
        >
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
