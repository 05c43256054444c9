"use client";
// Live request rates on the picture's edges (GET /api/revisions/{number}/traffic), polled every
// 15 s. Quiet by design: without Prometheus, or when it cannot answer, the picture just has no
// rates and the answer's note says why; a failed poll keeps the last rates.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { EdgeRate } from "@/lib/topology-graph";

export const EDGE_RATES_POLL_MS = 15_000;

type EdgeRatesAnswer = {
  configured: boolean;
  windowSeconds: number;
  edges: EdgeRate[];
  note?: string;
};

export function useEdgeRates(revision: number | undefined): {
  rates: Map<string, EdgeRate>;
  /** What to say quietly under the legend; undefined before the first answer. */
  note?: string;
} {
  const q = useQuery({
    queryKey: queryKeys.topology.traffic(revision ?? 0),
    enabled: revision !== undefined,
    queryFn: () => apiFetch<EdgeRatesAnswer>(`/api/revisions/${revision}/traffic`),
    refetchInterval: EDGE_RATES_POLL_MS,
    staleTime: EDGE_RATES_POLL_MS - 1_000,
    retry: false,
  });
  const rates = useMemo(() => new Map((q.data?.edges ?? []).map((r) => [r.edge, r])), [q.data]);
  const note = q.data
    ? (q.data.note ??
      `Live request rates over the last ${q.data.windowSeconds} s, refreshed every ${EDGE_RATES_POLL_MS / 1000} s.`)
    : q.error
      ? `No live request rates: ${q.error.message}`
      : undefined;
  return { rates, note };
}
