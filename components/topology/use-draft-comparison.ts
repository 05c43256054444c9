"use client";
// The revision on screen compared with a draft file, built in the browser (draft-comparison.ts,
// loaded on first use) from the revision's document and the draft; the draft's findings come from
// the analyzer worker once `analyzeDraft` is set.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { Finding } from "@/lib/analysis";
import type { Topology } from "@/lib/topology";
import type { FindingCounts, GraphChanges, TopologyGraph } from "@/lib/topology-graph";
import { useFindings } from "./use-findings";

export const loadDraftModule = () => import("./draft-comparison");

type Built = {
  draft: Topology;
  document: unknown;
  graph?: TopologyGraph;
  changes?: GraphChanges;
  error?: string;
};

export function useDraftComparison(
  revision: number | undefined,
  draft: Topology | undefined,
  analyzeDraft: boolean,
): {
  graph?: TopologyGraph;
  changes?: GraphChanges;
  findings?: Map<string, FindingCounts>;
  loading: boolean;
  error?: string;
} {
  const doc = useQuery({
    queryKey: queryKeys.topology.revision(revision ?? 0),
    enabled: revision !== undefined && draft !== undefined,
    staleTime: Infinity,
    queryFn: () => apiFetch<{ number: number; document: unknown }>(`/api/revisions/${revision}`),
  });
  const [built, setBuilt] = useState<Built>();
  useEffect(() => {
    const answer = doc.data;
    if (!draft || !answer) return;
    let cancelled = false;
    void loadDraftModule().then((m) => {
      if (cancelled) return;
      const before = m.storedTopology(answer.number, answer.document);
      const base = { draft, document: answer.document };
      setBuilt(
        before.topology
          ? { ...base, ...m.compareWithDraft(before.topology, draft) }
          : { ...base, error: before.error },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [draft, doc.data]);
  const current = built && built.draft === draft && built.document === doc.data?.document ? built : undefined;

  const analyzed = useFindings(analyzeDraft && current?.graph ? draft : undefined);
  const [findings, setFindings] = useState<{ of?: Finding[]; map?: Map<string, FindingCounts> }>({});
  useEffect(() => {
    if (!analyzed || !current?.graph || !draft) return;
    const graph = current.graph;
    void loadDraftModule().then((m) =>
      setFindings({ of: analyzed, map: m.draftFindings(graph, draft, analyzed) }),
    );
  }, [analyzed, current?.graph, draft]);

  return useMemo(
    () => ({
      graph: current?.graph,
      changes: current?.changes,
      findings: findings.of === analyzed ? findings.map : undefined,
      loading: draft !== undefined && (doc.isPending || (!current && !doc.error)),
      error: doc.error?.message ?? current?.error,
    }),
    [current, findings, analyzed, draft, doc.isPending, doc.error],
  );
}
