"use client";
// Lays out the visible graph when its shape changes, keeping earlier layouts so collapsing a group
// again is instant; selection, search and badges never trigger a layout. ELK in a worker, but rows
// for large pictures and for the folded overview (grid-layout.ts).
import { useEffect, useMemo, useRef, useState } from "react";
import type { VisibleGraph } from "@/lib/topology-graph";
import { layoutKey, positionsOf, runLayout, toElkGraph, type LayoutResult } from "./graph-layout";
import { gridLayout, wantsGridLayout } from "./grid-layout";

const MAX_CACHED = 20;

export type LaidOutGraph = { graph: VisibleGraph; layout: LayoutResult };

/** `current` is the newest graph that has a layout: it may lag behind `visible` while one runs. */
export function useGraphLayout(visible: VisibleGraph | undefined): {
  current: LaidOutGraph | undefined;
  pending: boolean;
  error?: string;
} {
  const key = useMemo(() => (visible ? layoutKey(visible) : undefined), [visible]);
  const cache = useRef(new Map<string, LayoutResult>());
  const [state, setState] = useState<{ key?: string; current?: LaidOutGraph; error?: string }>({});

  useEffect(() => {
    if (!visible || key === undefined) return;
    const hit = cache.current.get(key);
    if (hit) {
      setState({ key, current: { graph: visible, layout: hit } });
      return;
    }
    let cancelled = false;
    const laidOut = wantsGridLayout(visible)
      ? Promise.resolve(gridLayout(visible))
      : runLayout(toElkGraph(visible)).then(positionsOf);
    laidOut.then(
      (layout) => {
        cache.current.set(key, layout);
        if (cache.current.size > MAX_CACHED) cache.current.delete(cache.current.keys().next().value!);
        if (!cancelled) setState({ key, current: { graph: visible, layout } });
      },
      (err: unknown) => {
        if (!cancelled)
          setState((s) => ({ ...s, key, error: err instanceof Error ? err.message : String(err) }));
      },
    );
    return () => {
      cancelled = true;
    };
    // Note: `visible` changes identity on every filter change; the key says whether the shape did.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return { current: state.current, pending: state.key !== key, error: state.error };
}
