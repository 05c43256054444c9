"use client";
// Which groups are unfolded. A new graph (revision, comparison or filter) starts from the default
// folding: everything on a small estate, nothing on a large one.
import { useCallback, useMemo, useState } from "react";
import type { TopologyGraph } from "@/lib/topology-graph";
import { defaultExpanded } from "@/lib/topology-graph/visible-graph";

export function useFolding(graph: TopologyGraph | undefined): {
  expanded: Set<string> | undefined;
  setExpanded: (update: (prev: Set<string>) => Set<string>) => void;
  toggle: (id: string) => void;
} {
  const [folding, setFolding] = useState<{ graph?: TopologyGraph; expanded: Set<string> }>({
    expanded: new Set(),
  });
  const expanded = useMemo(
    () => (graph ? (folding.graph === graph ? folding.expanded : defaultExpanded(graph)) : undefined),
    [graph, folding],
  );
  const setExpanded = useCallback(
    (update: (prev: Set<string>) => Set<string>) => {
      if (!graph) return;
      setFolding((f) => ({
        graph,
        expanded: update(f.graph === graph ? f.expanded : defaultExpanded(graph)),
      }));
    },
    [graph],
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
  return { expanded, setExpanded, toggle };
}
