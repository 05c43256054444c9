"use client";
// The picture's graph of a revision from the server (GET /api/revisions/{number}/graph), compact on
// the wire and decoded once per answer; with `compare`, the union with that revision and its changes.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import { decodeGraph, type WireGraph } from "@/lib/topology-graph/wire-graph";
import { revisionGraphUrl } from "./revision-graph-url";

export function useRevisionGraph(revision: number | undefined, compare: number | undefined) {
  return useQuery({
    queryKey: queryKeys.topology.graph(revision ?? 0, compare),
    enabled: revision !== undefined,
    // Note: revisions never change once written.
    staleTime: Infinity,
    queryFn: () => apiFetch<WireGraph>(revisionGraphUrl(revision!, compare)),
    select: decodeGraph,
  });
}
