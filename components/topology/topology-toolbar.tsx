"use client";
// The controls above the picture: which revision, what to compare it with (an earlier revision or a
// draft file), the product / team / cluster filters, search, and folding everything at once.
import { Button } from "@/components/ui/button";

/** `message` is null for a revision whose history the viewer may not read (another team's change). */
export type RevisionSummary = { number: number; message: string | null; createdAt: string };

export type FacetFilter = { product: string; team: string; cluster: string };

export function TopologyToolbar(p: {
  revisions: RevisionSummary[];
  revision: number;
  onRevision: (n: number) => void;
  compare: string;
  onCompare: (choice: string) => void;
  draftName?: string;
  onDraftFile: (file: File | undefined) => void;
  filter: FacetFilter;
  onFilter: (update: (f: FacetFilter) => FacetFilter) => void;
  facets: { products: string[]; teams: string[]; clusters: string[] };
  search: string;
  onSearch: (text: string) => void;
  /** Enter in the search box. */
  onShowFirstMatch: () => void;
  /** Matches of the (deferred) search; undefined while nothing is searched. */
  matchCount?: number;
  onExpandAll: () => void;
  onCollapseAll: () => void;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-800">Revision</span>
        <select
          className="rounded border border-slate-300 px-2 py-1"
          value={p.revision}
          onChange={(e) => p.onRevision(Number(e.target.value))}
        >
          {p.revisions.map((r) => (
            <option key={r.number} value={r.number}>
              #{r.number} {r.message?.slice(0, 50) ?? "(a change to other teams' products)"}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-800">Compare with</span>
        <select
          className="rounded border border-slate-300 px-2 py-1"
          value={p.compare}
          onChange={(e) => p.onCompare(e.target.value)}
          data-testid="compare-select"
        >
          <option value="none">nothing</option>
          {p.revisions
            .filter((r) => r.number !== p.revision)
            .map((r) => (
              <option key={r.number} value={`rev:${r.number}`}>
                revision #{r.number} (before)
              </option>
            ))}
          {p.draftName ? <option value="draft">draft {p.draftName} (after)</option> : null}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-800">Draft file (YAML)</span>
        <input
          type="file"
          accept=".yaml,.yml,.json"
          className="text-xs"
          onChange={(e) => p.onDraftFile(e.target.files?.[0])}
        />
      </label>
      {(["product", "team", "cluster"] as const).map((key) => (
        <label key={key} className="flex flex-col gap-1">
          <span className="text-xs font-medium capitalize text-slate-800">{key}</span>
          <select
            className="max-w-40 rounded border border-slate-300 px-2 py-1"
            value={p.filter[key]}
            onChange={(e) => p.onFilter((f) => ({ ...f, [key]: e.target.value }))}
          >
            <option value="">all</option>
            {p.facets[`${key}s`].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-800">Search nodes</span>
        <input
          type="search"
          value={p.search}
          placeholder="host, gateway, service…"
          className="w-56 rounded border border-slate-300 px-2 py-1"
          onChange={(e) => p.onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              p.onShowFirstMatch();
            }
          }}
          aria-describedby="search-status"
        />
      </label>
      <p id="search-status" role="status" className="min-w-32 text-xs text-slate-700">
        {p.matchCount !== undefined
          ? `${p.matchCount} match${p.matchCount === 1 ? "" : "es"}${p.matchCount ? "; Enter shows the first" : ""}`
          : ""}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={p.onExpandAll}>
          Expand all
        </Button>
        <Button variant="secondary" onClick={p.onCollapseAll}>
          Collapse all
        </Button>
      </div>
    </div>
  );
}
