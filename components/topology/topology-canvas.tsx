"use client";
// The picture itself: React Flow with the laid-out nodes and edges, the loading and "nothing
// matches" overlays, fitting the view to each new layout and centring on a node asked for.
import "@xyflow/react/dist/style.css";
import { Background, Controls, ReactFlow, useReactFlow, type Edge, type Node } from "@xyflow/react";
import { useEffect, useRef, type KeyboardEvent, type RefObject } from "react";
import type { LaidOutGraph } from "./use-graph-layout";
import { nodeTypes } from "./topology-nodes";
import { ITEM_SIZE } from "./graph-layout";

export function TopologyCanvas({
  canvasRef,
  laidOut,
  nodes,
  edges,
  loading,
  pending,
  empty,
  ready,
  onFitted,
  centreOnRef,
  onSelect,
  onKeyDown,
}: {
  canvasRef: RefObject<HTMLDivElement | null>;
  laidOut: LaidOutGraph | undefined;
  nodes: Node[];
  edges: Edge[];
  loading: boolean;
  /** A layout is running (the picture on screen may be an older one). */
  pending: boolean;
  /** The filters left nothing to show. */
  empty: boolean;
  /** Whether the page is interactive: the picture is laid out, fitted and nothing is loading. */
  ready: boolean;
  /** Called once per new layout, when it has been fitted into view. */
  onFitted: () => void;
  /** A node to centre on as soon as it is laid out (after a search unfolded its groups). */
  centreOnRef: RefObject<string | undefined>;
  onSelect: (id: string | undefined) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
}) {
  const rf = useReactFlow();

  const fittedFor = useRef<unknown>(null);
  useEffect(() => {
    if (!laidOut || fittedFor.current === laidOut) return;
    fittedFor.current = laidOut;
    const id = requestAnimationFrame(() => {
      void rf.fitView({ padding: 0.1, maxZoom: 1.2 });
      onFitted();
    });
    return () => cancelAnimationFrame(id);
  }, [laidOut, rf, onFitted]);

  useEffect(() => {
    const id = centreOnRef.current;
    if (!id || !laidOut?.layout.has(id)) return;
    centreOnRef.current = undefined;
    requestAnimationFrame(() => {
      const n = rf.getInternalNode(id);
      if (n)
        void rf.setCenter(
          n.internals.positionAbsolute.x + ITEM_SIZE.width / 2,
          n.internals.positionAbsolute.y + ITEM_SIZE.height / 2,
          { zoom: 1.1 },
        );
    });
  }, [laidOut, rf, centreOnRef]);

  return (
    <div
      ref={canvasRef}
      className="relative min-w-0 flex-1"
      data-testid="topology-canvas"
      data-ready={ready ? "true" : "false"}
      onKeyDown={onKeyDown}
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
      {empty && !loading ? (
        <div className="absolute inset-0 z-10 flex items-center justify-center p-6 text-center text-sm text-slate-800">
          Nothing matches these filters. Choose “all” in the product, team and cluster filters.
        </div>
      ) : null}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={(_, n) => onSelect(n.id)}
        onPaneClick={() => onSelect(undefined)}
        nodesConnectable={false}
        nodesDraggable={false}
        edgesFocusable={false}
        onlyRenderVisibleElements={nodes.length > 300}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
        aria-label="Topology graph"
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
