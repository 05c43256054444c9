"use client";
// The controls above the picture: which revision, what to compare it with (an earlier revision or a
// draft file), the product / team / cluster filters, search, and folding everything at once.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Options } from "@/components/ui/select";

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
      <Labelled label="Revision">
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
      </Labelled>
      <Labelled label="Compare with">
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
      </Labelled>
      <Labelled label="Draft file (YAML)">
        <input
          type="file"
          accept=".yaml,.yml,.json"
          className="text-xs"
          onChange={(e) => p.onDraftFile(e.target.files?.[0])}
        />
      </Labelled>
      {(["product", "team", "cluster"] as const).map((key) => (
        <Labelled key={key} label={key} capitalize>
          <select
            className="max-w-40 rounded border border-slate-300 px-2 py-1"
            value={p.filter[key]}
            onChange={(e) => p.onFilter((f) => ({ ...f, [key]: e.target.value }))}
          >
            <option value="">all</option>
            <Options options={p.facets[`${key}s`]} />
          </select>
        </Labelled>
      ))}
      <Labelled label="Search nodes">
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
      </Labelled>
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

/** A control with its name above it. */
function Labelled(p: { label: string; capitalize?: boolean; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className={cn("text-xs font-medium", p.capitalize && "capitalize", "text-slate-800")}>
        {p.label}
      </span>
      {p.children}
    </label>
  );
}
