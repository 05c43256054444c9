"use client";
// The topology page's interactive picture: the newest (or a chosen) revision as hosts and clients →
// gateways → services, grouped by cluster and namespace, with analyzer findings on the nodes, a
// before/after comparison with an earlier revision or a draft file, filters, search and export.
//
// The server sends the graph (use-topology-data.ts); this file only ties the parts together:
// filters and search narrow the graph, folding decides what is visible, the visible part is laid
// out (use-graph-layout.ts) and drawn (topology-canvas.tsx), the panel shows the selection.
// Note: for large estates everything is folded by default and only the visible part is laid out;
// filters and group toggles change the layout, search and selection only restyle nodes.
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { Topology } from "@/lib/topology";
// Note: the graph modules one by one, not lib/topology-graph's index: building a graph needs the
// topology document's code (schema, YAML), which the browser no longer loads for the picture.
import { filterGraph, graphFacets, searchGraph, type GraphFilter } from "@/lib/topology-graph/filter-graph";
import { groupsToReveal, visibleGraph } from "@/lib/topology-graph/visible-graph";
import { Alert } from "@/components/ui/alert";
import { ExportMenu } from "./export-menu";
import { flowEdges, flowNodes, groupTotals } from "./flow-elements";
import { warmLayoutWorker } from "./graph-layout";
import { NodeDetailsPanel, type PanelSubject } from "./node-details-panel";
import { TopologyCanvas } from "./topology-canvas";
import { TopologyLegend } from "./topology-legend";
import { TopologyToolbar, type FacetFilter, type RevisionSummary } from "./topology-toolbar";
import { loadDraftModule } from "./use-draft-comparison";
import { useEdgeRates } from "./use-edge-rates";
import { useFolding } from "./use-folding";
import { useGraphLayout } from "./use-graph-layout";
import { useSelection } from "./use-selection";
import { useTopologyData } from "./use-topology-data";

export type { RevisionSummary };

type Props = {
  revisions: RevisionSummary[];
  /** Products the user may see; null for every product. */
  allowedProducts: string[] | null;
  /** From `?revision=`: the revision to show instead of the newest. */
  initialRevision?: number;
  /** From `?compare=`: an earlier revision to compare with. */
  initialCompare?: number;
};

const NO_FACETS = { products: [], teams: [], clusters: [] };

export function TopologyExplorer(props: Props) {
  return (
    <ReactFlowProvider>
      <Explorer {...props} />
    </ReactFlowProvider>
  );
}

function Explorer({ revisions, allowedProducts, initialRevision, initialCompare }: Props) {
  const newest = revisions[0]?.number;
  const known = (n: number | undefined) =>
    n !== undefined && revisions.some((r) => r.number === n) ? n : undefined;
  const [revision, setRevision] = useState<number | undefined>(known(initialRevision) ?? newest);
  const [compare, setCompare] = useState<string>(
    known(initialCompare) !== undefined ? `rev:${initialCompare}` : "none",
  );
  const [draft, setDraft] = useState<{ name: string; topology?: Topology; error?: string }>();
  const [filter, setFilter] = useState<FacetFilter>({ product: "", team: "", cluster: "" });
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search);
  const [fitted, setFitted] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const centreOnRef = useRef<string | undefined>(undefined);
  const { selected, select, close, onCanvasKeyDown } = useSelection(canvasRef);

  // Note: the first picture arrives with the HTML (preloaded) and is laid out at once (grid-layout.ts)
  // or by ELK, which starts its worker then; warming it earlier only took the CPU from the first
  // picture. Warmed once the picture is up, so the first unfold does not wait for it.
  useEffect(() => {
    if (fitted) warmLayoutWorker();
  }, [fitted]);
  const data = useTopologyData({ revision, compare, draft: draft?.topology, wantFindings: fitted });
  const comparing = data.changes !== undefined || compare !== "none";
  // Live rates belong to the revision on screen; a comparison's edges are about change instead.
  const live = useEdgeRates(comparing ? undefined : revision);

  const scoped = useMemo(
    () =>
      data.graph && allowedProducts ? filterGraph(data.graph, { products: allowedProducts }) : data.graph,
    [data.graph, allowedProducts],
  );
  const facets = useMemo(() => (scoped ? graphFacets(scoped) : NO_FACETS), [scoped]);
  const graphFilter: GraphFilter = useMemo(
    () => ({
      products: filter.product ? [filter.product] : undefined,
      teams: filter.team ? [filter.team] : undefined,
      clusters: filter.cluster ? [filter.cluster] : undefined,
    }),
    [filter],
  );
  const filtered = useMemo(
    () => (scoped ? filterGraph(scoped, graphFilter) : undefined),
    [scoped, graphFilter],
  );
  const { expanded, setExpanded, toggle } = useFolding(filtered);
  const visible = useMemo(
    () => (filtered && expanded ? visibleGraph(filtered, expanded) : undefined),
    [filtered, expanded],
  );
  const { current: laidOut, pending, error: layoutError } = useGraphLayout(visible);
  const matches = useMemo(
    () => new Set(filtered ? searchGraph(filtered, deferredSearch) : []),
    [filtered, deferredSearch],
  );
  const totals = useMemo(
    () => (filtered ? groupTotals(filtered, data.findings, data.changes, matches) : new Map()),
    [filtered, data.findings, data.changes, matches],
  );
  const nodes = useMemo(
    () =>
      laidOut
        ? flowNodes(laidOut, {
            totals,
            findings: data.findings,
            changes: data.changes,
            matches,
            selected,
            onToggle: toggle,
          })
        : [],
    [laidOut, totals, data.findings, data.changes, matches, selected, toggle],
  );
  const edges = useMemo(
    () => (laidOut ? flowEdges(laidOut, data.changes, live.rates) : []),
    [laidOut, data.changes, live.rates],
  );

  const onFitted = useCallback(() => {
    setFitted(true);
    // For the UI benchmark and the browser's performance panel.
    if (!performance.getEntriesByName("topology-ready").length) performance.mark("topology-ready");
  }, []);

  const drafting = compare === "draft" && draft?.topology !== undefined;
  const subject = useMemo((): PanelSubject | undefined => {
    if (!selected || !filtered || revision === undefined) return undefined;
    const node = filtered.nodes.find((n) => n.id === selected);
    if (node)
      return {
        type: "node",
        node,
        findings: data.findings.get(node.id),
        change: data.changes?.nodes.get(node.id),
        objects: drafting && draft?.topology ? { draft: draft.topology } : { revision },
      };
    const group = laidOut?.graph.groups.find((g) => g.id === selected);
    if (group) {
      const t = totals.get(group.id);
      return { type: "group", group, errors: t?.errors ?? 0, warnings: t?.warnings ?? 0, onToggle: toggle };
    }
    return undefined;
  }, [selected, filtered, revision, data.findings, data.changes, drafting, draft, laidOut, totals, toggle]);

  /** Enter in the search box: unfold the groups holding the first match and centre on it. */
  const showFirstMatch = () => {
    if (!filtered) return;
    const first = searchGraph(filtered, search)[0];
    if (!first) return;
    const reveal = groupsToReveal(filtered, first);
    setExpanded((prev) => new Set([...prev, ...reveal]));
    select(first);
    centreOnRef.current = first;
  };

  const onDraftFile = async (file: File | undefined) => {
    if (!file) return;
    const [m, text] = await Promise.all([loadDraftModule(), file.text()]);
    setDraft(m.parseDraft(file.name, text));
    setCompare("draft");
  };

  if (newest === undefined || revision === undefined) return null;

  const loadError = data.error ?? (compare === "draft" ? draft?.error : undefined);
  const onlyProduct = filter.product || (allowedProducts?.length === 1 ? allowedProducts[0] : undefined);

  return (
    <div className="flex flex-col gap-3">
      <TopologyToolbar
        revisions={revisions}
        revision={revision}
        onRevision={setRevision}
        compare={compare}
        onCompare={setCompare}
        draftName={draft?.name}
        onDraftFile={(f) => void onDraftFile(f)}
        filter={filter}
        onFilter={setFilter}
        facets={facets}
        search={search}
        onSearch={setSearch}
        onShowFirstMatch={showFirstMatch}
        matchCount={deferredSearch.trim() ? matches.size : undefined}
        onExpandAll={() => filtered && setExpanded(() => new Set(filtered.groups.map((g) => g.id)))}
        onCollapseAll={() => setExpanded(() => new Set())}
      />

      <div className="flex flex-wrap items-center justify-between gap-2">
        <TopologyLegend diff={data.changes?.counts} />
        {!comparing && live.note ? (
          <p className="text-xs text-slate-700" data-testid="edge-rates-note">
            {live.note}
          </p>
        ) : null}
        <ExportMenu
          revision={revision}
          product={onlyProduct || undefined}
          cluster={filter.cluster || (facets.clusters.length === 1 ? facets.clusters[0] : undefined)}
          teamScoped={allowedProducts !== null}
        />
      </div>

      {loadError ? (
        <Alert tone="error" title="The topology cannot be shown">
          {loadError} Choose another revision, or reload the page.
        </Alert>
      ) : null}
      {layoutError ? (
        <Alert tone="error" title="Layout failed">
          {layoutError} Fold some groups or filter to fewer products.
        </Alert>
      ) : null}

      <div className="flex h-[70vh] min-h-[28rem] overflow-hidden rounded-lg border border-slate-200 bg-slate-50">
        <TopologyCanvas
          canvasRef={canvasRef}
          laidOut={laidOut}
          nodes={nodes}
          edges={edges}
          loading={data.loading}
          pending={pending}
          empty={filtered !== undefined && filtered.nodes.length === 0}
          ready={fitted && !pending && !data.loading}
          onFitted={onFitted}
          centreOnRef={centreOnRef}
          onSelect={select}
          onKeyDown={onCanvasKeyDown}
        />
        {subject ? <NodeDetailsPanel subject={subject} onClose={close} /> : null}
      </div>
    </div>
  );
}
