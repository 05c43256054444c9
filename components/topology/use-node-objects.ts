"use client";
// The YAML of the objects Portico renders for one node: from the server for a stored revision
// (GET /api/revisions/{number}/graph/node), rendered in the browser for a draft file.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { RenderFormat } from "@/lib/istio";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { Topology } from "@/lib/topology";
import type { GraphNode, NodeRender } from "@/lib/topology-graph";
import { loadDraftModule } from "./use-draft-comparison";

/** Whose objects: a stored revision's, or the draft's (which only the browser has). */
export type ObjectsSource =
  { revision: number; draft?: undefined } | { draft: Topology; revision?: undefined };

export function useNodeObjects(
  source: ObjectsSource,
  node: GraphNode,
  format: RenderFormat,
  enabled: boolean,
): { clusters?: NodeRender[]; error?: string } {
  const remote = useQuery({
    queryKey: queryKeys.topology.nodeObjects(source.revision ?? 0, node.id, format),
    enabled: enabled && source.revision !== undefined,
    staleTime: Infinity,
    queryFn: () =>
      apiFetch<{ clusters: NodeRender[] }>(
        `/api/revisions/${source.revision}/graph/node?${new URLSearchParams({ id: node.id, format })}`,
      ),
  });
  const [local, setLocal] = useState<{ key: unknown[]; clusters: NodeRender[] }>();
  const draft = source.draft;
  useEffect(() => {
    if (!enabled || !draft) return;
    let cancelled = false;
    void loadDraftModule().then((m) => {
      if (!cancelled)
        setLocal({ key: [draft, node, format], clusters: m.draftNodeObjects(draft, node, format) });
    });
    return () => {
      cancelled = true;
    };
  }, [enabled, draft, node, format]);
  if (draft) {
    const fresh = local && local.key[0] === draft && local.key[1] === node && local.key[2] === format;
    return { clusters: fresh ? local.clusters : undefined };
  }
  return { clusters: remote.data?.clusters, error: remote.error?.message };
}
