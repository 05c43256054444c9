"use client";
// The analyzer's findings about a revision by node, from the server (analyzed once per revision
// there). Asked for once the first picture is up, so the analysis never competes with it.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import { decodeFindings, type WireFindings } from "@/lib/topology-graph/wire-graph";

export function useRevisionFindings(revision: number | undefined) {
  return useQuery({
    queryKey: queryKeys.topology.findings(revision ?? 0),
    enabled: revision !== undefined,
    staleTime: Infinity,
    queryFn: () => apiFetch<WireFindings>(`/api/revisions/${revision}/graph/findings`),
    select: decodeFindings,
  });
}
