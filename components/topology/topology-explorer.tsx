"use client";
// The topology page's interactive picture: the newest (or a chosen) revision as hosts and clients →
// gateways → services, grouped by cluster and namespace, with analyzer findings on the nodes, a
// before/after comparison with an earlier revision or a draft file, filters, search and export.
//
// Note: for large estates everything is folded by default and only the visible part is laid out;
// filters and group toggles change the layout, search and selection only restyle nodes.
import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
} from "@xyflow/react";
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import { parseTopology, parseTopologyText, type Topology } from "@/lib/topology";
import {
  buildGraph,
  defaultExpanded,
  diffGraphs,
  edgeRateLabel,
  filterGraph,
  findingsByNode,
  graphFacets,
  groupsToReveal,
  searchGraph,
  sumEdgeRates,
  visibleGraph,
  type EdgeRate,
  type FindingCounts,
  type GraphFilter,
  type TopologyGraph,
} from "@/lib/topology-graph";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ExportMenu } from "./export-menu";
import { NodeDetailsPanel, type PanelSubject } from "./node-details-panel";
import { nodeTypes, type GroupFlowNode, type ItemFlowNode } from "./topology-nodes";
import { warmLayoutWorker } from "./graph-layout";
import { useEdgeRates } from "./use-edge-rates";
import { useFindings } from "./use-findings";
import { useGraphLayout } from "./use-graph-layout";

/** `message` is null for a revision whose history the viewer may not read (another team's change). */
export type RevisionSummary = { number: number; message: string | null; createdAt: string };

type Props = {
  revisions: RevisionSummary[];
  /** Products the user may see; null for every product. */
  allowedProducts: string[] | null;
  /** From `?revision=`: the revision to show instead of the newest. */
  initialRevision?: number;
  /** From `?compare=`: an earlier revision to compare with. */
  initialCompare?: number;
};

type RevisionDoc = { number: number; document: unknown };

function useRevisionTopology(number: number | undefined) {
  return useQuery({
    queryKey: queryKeys.topology.revision(number ?? 0),
    enabled: number !== undefined,
    // Note: revisions never change once written.
    staleTime: Infinity,
    queryFn: () => apiFetch<RevisionDoc>(`/api/revisions/${number}`),
    // Note: a stored revision is the output of parseTopology (createRevision validates before it
    // writes, and revisions never change), so the browser skips re-validating a large document and
    // only checks it is one.
    select: (r): { topology?: Topology; error?: string } => {
      const doc = r.document as Partial<Topology> | null;
      if (
        doc?.kind === "Topology" &&
        Array.isArray(doc.clusters) &&
        Array.isArray(doc.gateways) &&
        Array.isArray(doc.services) &&
        doc.policies
      ) {
        return { topology: doc as Topology };
      }
      const parsed = parseTopology(r.document);
      return parsed.ok
        ? { topology: parsed.topology }
        : { error: `Revision ${r.number} does not validate any more (${parsed.errors.length} problems).` };
    },
  });
}

const EDGE_COLOR = {
  added: "#059669",
  removed: "#dc2626",
  changed: "#d97706",
  unchanged: "#64748b",
} as const;

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
  const [filter, setFilter] = useState<{ product: string; team: string; cluster: string }>({
    product: "",
    team: "",
    cluster: "",
  });
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search);
  const [selected, setSelected] = useState<string>();
  const [folding, setFolding] = useState<{ graph?: TopologyGraph; expanded: Set<string> }>({
    expanded: new Set(),
  });
  const [ready, setReady] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const rf = useReactFlow();

  const current = useRevisionTopology(revision);
  const compareNumber = compare.startsWith("rev:") ? Number(compare.slice(4)) : undefined;
  const before = useRevisionTopology(compareNumber);

  const topology = current.data?.topology;
  // "Draft" compares the revision on screen (before) with the draft file (after).
  const afterTopology = compare === "draft" ? draft?.topology : topology;
  const beforeTopology =
    compare === "draft" ? topology : compareNumber !== undefined ? before.data?.topology : undefined;

  useEffect(() => warmLayoutWorker(), []);
  const comparing = beforeTopology !== undefined;
  const afterGraph = useMemo(
    () => (afterTopology ? buildGraph(afterTopology, { signatures: comparing }) : undefined),
    [afterTopology, comparing],
  );
  const beforeGraph = useMemo(
    () => (beforeTopology ? buildGraph(beforeTopology) : undefined),
    [beforeTopology],
  );
  const diff = useMemo(
    () => (afterGraph && beforeGraph ? diffGraphs(beforeGraph, afterGraph) : undefined),
    [afterGraph, beforeGraph],
  );
  // Live rates belong to the revision on screen; a comparison's edges are about change instead.
  const live = useEdgeRates(comparing ? undefined : revision);
  const baseGraph: TopologyGraph | undefined = diff?.graph ?? afterGraph;

  // Note: the analyzer runs in a worker once the first picture is up, so it neither competes with
  // the layout worker for the CPU nor holds up a click; the badges follow a moment later on large
  // estates.
  const analyzed = useFindings(ready ? afterTopology : undefined);
  const findings = useMemo(() => {
    if (!analyzed || !afterGraph || !afterTopology) return new Map<string, FindingCounts>();
    return findingsByNode(afterGraph, afterTopology, analyzed);
  }, [analyzed, afterGraph, afterTopology]);

  const scoped = useMemo(
    () => (baseGraph && allowedProducts ? filterGraph(baseGraph, { products: allowedProducts }) : baseGraph),
    [baseGraph, allowedProducts],
  );
  const facets = useMemo(
    () => (scoped ? graphFacets(scoped) : { products: [], teams: [], clusters: [] }),
    [scoped],
  );
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

  // A new graph (revision, comparison or filter) starts from the default folding.
  const expanded = useMemo(
    () =>
      filtered ? (folding.graph === filtered ? folding.expanded : defaultExpanded(filtered)) : undefined,
    [filtered, folding],
  );
  const setExpanded = useCallback(
    (update: (prev: Set<string>) => Set<string>) => {
      if (!filtered) return;
      setFolding((f) => ({
        graph: filtered,
        expanded: update(f.graph === filtered ? f.expanded : defaultExpanded(filtered)),
      }));
    },
    [filtered],
  );

  const visible = useMemo(
    () => (filtered && expanded ? visibleGraph(filtered, expanded) : undefined),
    [filtered, expanded],
  );
  const { current: laidOut, pending, error: layoutError } = useGraphLayout(visible);

  const matches = useMemo(
    () => new Set(filtered ? searchGraph(filtered, deferredSearch) : []),
    [filtered, deferredSearch],
  );

  const toggle = useCallback(
    (id: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [setExpanded],
  );

  // Per-group totals of findings, matches and changes, for the badges of folded groups.
  const groupTotals = useMemo(() => {
    const totals = new Map<string, { errors: number; warnings: number; matches: number; changes: number }>();
    if (!filtered) return totals;
    const parents = new Map(filtered.groups.map((g) => [g.id, g.parent]));
    for (const n of filtered.nodes) {
      const f = findings.get(n.id);
      const change = diff?.nodes.get(n.id);
      const isMatch = matches.has(n.id);
      if (!f && !isMatch && (!change || change === "unchanged")) continue;
      for (let g: string | undefined = n.parent; g; g = parents.get(g)) {
        const t = totals.get(g) ?? { errors: 0, warnings: 0, matches: 0, changes: 0 };
        t.errors += f?.error ?? 0;
        t.warnings += f?.warning ?? 0;
        t.matches += isMatch ? 1 : 0;
        t.changes += change && change !== "unchanged" ? 1 : 0;
        totals.set(g, t);
      }
    }
    return totals;
  }, [filtered, findings, diff, matches]);

  const flowNodes = useMemo((): Node[] => {
    if (!laidOut) return [];
    const { graph, layout } = laidOut;
    const out: Node[] = [];
    for (const g of graph.groups) {
      const box = layout.get(g.id);
      if (!box) continue;
      const t = groupTotals.get(g.id);
      const node: GroupFlowNode = {
        id: g.id,
        type: "cluster-group",
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        parentId: g.parent,
        data: {
          group: g,
          matches: t?.matches ?? 0,
          errors: t?.errors ?? 0,
          warnings: t?.warnings ?? 0,
          changes: t?.changes ?? 0,
          onToggle: toggle,
        },
        focusable: false,
        draggable: false,
        selected: selected === g.id,
        style: { width: box.width, height: box.height },
      };
      out.push(node);
    }
    const searching = matches.size > 0;
    for (const n of graph.nodes) {
      const box = layout.get(n.id);
      if (!box) continue;
      const node: ItemFlowNode = {
        id: n.id,
        type: "item",
        position: { x: box.x, y: box.y },
        parentId: n.parent,
        extent: "parent",
        data: {
          node: n,
          findings: findings.get(n.id),
          change: diff?.nodes.get(n.id),
          match: matches.has(n.id),
          dimmed: searching && !matches.has(n.id),
        },
        draggable: false,
        selected: selected === n.id,
        ariaRole: "button",
        ariaLabel: `${n.kind === "gateway" ? `${n.gatewayMode} gateway` : n.kind} ${n.label}${n.cluster ? ` in ${n.cluster}` : ""}${n.namespace ? `/${n.namespace}` : ""}; press Enter for details`,
      };
      out.push(node);
    }
    return out;
  }, [laidOut, groupTotals, toggle, selected, matches, findings, diff]);

  const flowEdges = useMemo((): Edge[] => {
    if (!laidOut) return [];
    return laidOut.graph.edges.map((e) => {
      const statuses = diff ? e.edgeIds.map((id) => diff.edges.get(id) ?? "unchanged") : [];
      const status =
        statuses.length === 0
          ? "unchanged"
          : statuses.every((s) => s === statuses[0])
            ? statuses[0]!
            : "changed";
      const count = e.edgeIds.length > 1 ? String(e.edgeIds.length) : undefined;
      const rates = e.edgeIds.map((id) => live.rates.get(id)).filter((r): r is EdgeRate => !!r);
      const rate = rates.length ? edgeRateLabel(sumEdgeRates(rates, e.id)) : undefined;
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        focusable: false,
        label: count && rate ? `${count} · ${rate}` : (rate ?? count),
        labelStyle: rate ? { fontSize: 10, fill: "#0f172a" } : undefined,
        style: {
          stroke: EDGE_COLOR[status],
          strokeWidth: status === "unchanged" ? 1.5 : 2.5,
          strokeDasharray: status === "removed" ? "6 4" : undefined,
        },
        data: { status },
      };
    });
  }, [laidOut, diff, live.rates]);

  // Fit the picture when what is laid out changes, then mark the graph interactive.
  const fittedFor = useRef<unknown>(null);
  useEffect(() => {
    if (!laidOut || fittedFor.current === laidOut) return;
    fittedFor.current = laidOut;
    const id = requestAnimationFrame(() => {
      void rf.fitView({ padding: 0.1, maxZoom: 1.2 });
      setReady(true);
      // For the UI benchmark and the browser's performance panel.
      if (!performance.getEntriesByName("topology-ready").length) performance.mark("topology-ready");
    });
    return () => cancelAnimationFrame(id);
  }, [laidOut, rf]);

  const subject = useMemo((): PanelSubject | undefined => {
    if (!selected || !filtered) return undefined;
    const node = filtered.nodes.find((n) => n.id === selected);
    if (node) {
      const removed = diff?.nodes.get(node.id) === "removed";
      return {
        type: "node",
        node,
        findings: findings.get(node.id),
        change: diff?.nodes.get(node.id),
        topology: removed ? beforeTopology : afterTopology,
      };
    }
    const group = laidOut?.graph.groups.find((g) => g.id === selected);
    if (group) {
      const t = groupTotals.get(group.id);
      return { type: "group", group, errors: t?.errors ?? 0, warnings: t?.warnings ?? 0, onToggle: toggle };
    }
    return undefined;
  }, [selected, filtered, laidOut, diff, findings, groupTotals, toggle, afterTopology, beforeTopology]);

  // Back to the node the panel was about when it closes, so keyboard users keep their place.
  const returnFocusTo = useRef<string | undefined>(undefined);
  const closePanel = useCallback(() => {
    returnFocusTo.current = selected;
    setSelected(undefined);
  }, [selected]);
  useEffect(() => {
    const id = returnFocusTo.current;
    if (selected || !id) return;
    returnFocusTo.current = undefined;
    const focusNode = () =>
      canvasRef.current
        ?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)
        ?.focus({ preventScroll: true });
    // Note: closing the panel widens the canvas and React Flow re-renders on the resize; focusing
    // in the same commit sometimes lost the focus to the page. Focus after the next frame, and once
    // more if the resize took it away.
    const frame = requestAnimationFrame(focusNode);
    const timer = setTimeout(() => {
      if (document.activeElement === document.body || document.activeElement === null) focusNode();
    }, 150);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [selected]);

  useEffect(() => {
    if (!selected) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") closePanel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, closePanel]);

  const onCanvasKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "Enter") return;
    const el = (e.target as HTMLElement).closest<HTMLElement>(".react-flow__node");
    const id = el?.dataset.id;
    if (id && el.getAttribute("role") === "button") {
      e.preventDefault();
      setSelected(id);
    }
  };

  /** Enter in the search box: unfold the groups holding the first match and centre on it. */
  const focusFirstMatch = () => {
    if (!filtered) return;
    const first = searchGraph(filtered, search)[0];
    if (!first) return;
    const reveal = groupsToReveal(filtered, first);
    setExpanded((prev) => new Set([...prev, ...reveal]));
    setSelected(first);
    pendingFocus.current = first;
  };
  const pendingFocus = useRef<string | undefined>(undefined);
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id || !laidOut?.layout.has(id)) return;
    pendingFocus.current = undefined;
    requestAnimationFrame(() => {
      const n = rf.getInternalNode(id);
      if (n)
        void rf.setCenter(n.internals.positionAbsolute.x + 105, n.internals.positionAbsolute.y + 26, {
          zoom: 1.1,
        });
    });
  }, [laidOut, rf]);

  const onDraftFile = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseTopologyText(await file.text());
    setDraft(
      parsed.ok
        ? { name: file.name, topology: parsed.topology }
        : {
            name: file.name,
            error: `${file.name} is not a valid topology: ${parsed.errors
              .slice(0, 3)
              .map((e) => `${e.path}: ${e.message}`)
              .join("; ")}`,
          },
    );
    setCompare("draft");
  };

  if (newest === undefined || revision === undefined) return null;

  const loadError =
    current.error?.message ??
    current.data?.error ??
    before.error?.message ??
    before.data?.error ??
    (compare === "draft" ? draft?.error : undefined);
  const loading = current.isPending || (compareNumber !== undefined && before.isPending);
  const onlyProduct = filter.product || (allowedProducts?.length === 1 ? allowedProducts[0] : undefined);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-800">Revision</span>
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={revision}
            onChange={(e) => setRevision(Number(e.target.value))}
          >
            {revisions.map((r) => (
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
            value={compare}
            onChange={(e) => setCompare(e.target.value)}
            data-testid="compare-select"
          >
            <option value="none">nothing</option>
            {revisions
              .filter((r) => r.number !== revision)
              .map((r) => (
                <option key={r.number} value={`rev:${r.number}`}>
                  revision #{r.number} (before)
                </option>
              ))}
            {draft ? <option value="draft">draft {draft.name} (after)</option> : null}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-800">Draft file (YAML)</span>
          <input
            type="file"
            accept=".yaml,.yml,.json"
            className="text-xs"
            onChange={(e) => void onDraftFile(e.target.files?.[0])}
          />
        </label>
        {(["product", "team", "cluster"] as const).map((key) => (
          <label key={key} className="flex flex-col gap-1">
            <span className="text-xs font-medium capitalize text-slate-800">{key}</span>
            <select
              className="max-w-40 rounded border border-slate-300 px-2 py-1"
              value={filter[key]}
              onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.value }))}
            >
              <option value="">all</option>
              {facets[`${key}s`].map((v) => (
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
            value={search}
            placeholder="host, gateway, service…"
            className="w-56 rounded border border-slate-300 px-2 py-1"
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                focusFirstMatch();
              }
            }}
            aria-describedby="search-status"
          />
        </label>
        <p id="search-status" role="status" className="min-w-32 text-xs text-slate-700">
          {deferredSearch.trim()
            ? `${matches.size} match${matches.size === 1 ? "" : "es"}${matches.size ? "; Enter shows the first" : ""}`
            : ""}
        </p>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            onClick={() => filtered && setExpanded(() => new Set(filtered.groups.map((g) => g.id)))}
          >
            Expand all
          </Button>
          <Button variant="secondary" onClick={() => setExpanded(() => new Set())}>
            Collapse all
          </Button>
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-2">
        <Legend diff={diff?.counts} />
        {!comparing && live.note ? (
          <p className="text-xs text-slate-700" data-testid="edge-rates-note">
            {live.note}
          </p>
        ) : null}
        <ExportMenu
          revision={revision}
          product={onlyProduct || undefined}
          cluster={filter.cluster || undefined}
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
        <div
          ref={canvasRef}
          className="relative min-w-0 flex-1"
          data-testid="topology-canvas"
          data-ready={ready && !pending && !loading ? "true" : "false"}
          onKeyDown={onCanvasKeyDown}
        >
          {loading || (pending && !laidOut) ? (
            <div
              role="status"
              className="absolute inset-0 z-10 flex items-center justify-center bg-white/70 text-sm text-slate-800"
            >
              {loading ? "Loading the revision…" : "Laying out the graph…"}
            </div>
          ) : pending ? (
            <div
              role="status"
              className="absolute right-2 top-2 z-10 rounded bg-white px-2 py-1 text-xs text-slate-800 shadow"
            >
              Laying out…
            </div>
          ) : null}
          {filtered && filtered.nodes.length === 0 && !loading ? (
            <div className="absolute inset-0 z-10 flex items-center justify-center p-6 text-center text-sm text-slate-800">
              Nothing matches these filters. Choose “all” in the product, team and cluster filters.
            </div>
          ) : null}
          <ReactFlow
            nodes={flowNodes}
            edges={flowEdges}
            nodeTypes={nodeTypes}
            onNodeClick={(_, n) => setSelected(n.id)}
            onPaneClick={() => setSelected(undefined)}
            nodesConnectable={false}
            nodesDraggable={false}
            edgesFocusable={false}
            onlyRenderVisibleElements={flowNodes.length > 300}
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
            aria-label="Topology graph"
          >
            <Background gap={24} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        {subject ? <NodeDetailsPanel subject={subject} onClose={closePanel} /> : null}
      </div>
    </div>
  );
}

function Legend({ diff }: { diff?: Record<string, number> }) {
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
