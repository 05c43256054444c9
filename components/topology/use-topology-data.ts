"use client";
// What the picture shows, wherever it comes from: a revision's graph from the server (compared with
// another revision there), or the revision compared with a draft file in the browser. Findings
// are asked for once `wantFindings` is set (the first picture is up).
import { useMemo } from "react";
import type { Topology } from "@/lib/topology";
import type { FindingCounts, GraphChanges, TopologyGraph } from "@/lib/topology-graph";
import { useDraftComparison } from "./use-draft-comparison";
import { useRevisionFindings } from "./use-revision-findings";
import { useRevisionGraph } from "./use-revision-graph";

/** "none", "rev:<number>" (an earlier revision, before) or "draft" (the draft file, after). */
export type CompareChoice = string;

export const compareRevisionOf = (compare: CompareChoice) =>
  compare.startsWith("rev:") ? Number(compare.slice(4)) : undefined;

export type TopologyData = {
  graph?: TopologyGraph;
  /** Set when comparing. */
  changes?: GraphChanges;
  findings: Map<string, FindingCounts>;
  loading: boolean;
  error?: string;
};

const NO_FINDINGS = new Map<string, FindingCounts>();

export function useTopologyData({
  revision,
  compare,
  draft,
  wantFindings,
}: {
  revision: number | undefined;
  compare: CompareChoice;
  draft: Topology | undefined;
  wantFindings: boolean;
}): TopologyData {
  const drafting = compare === "draft" && draft !== undefined;
  const server = useRevisionGraph(drafting ? undefined : revision, compareRevisionOf(compare));
  const local = useDraftComparison(revision, drafting ? draft : undefined, wantFindings);
  // Note: findings are about the revision on screen (after); in a draft comparison the draft's.
  const findings = useRevisionFindings(wantFindings && !drafting ? revision : undefined);
  return useMemo((): TopologyData => {
    if (drafting)
      return {
        graph: local.graph,
        changes: local.changes,
        findings: local.findings ?? NO_FINDINGS,
        loading: local.loading,
        error: local.error,
      };
    return {
      graph: server.data?.graph,
      changes: server.data?.changes,
      findings: findings.data ?? NO_FINDINGS,
      loading: server.isPending && revision !== undefined,
      error: server.error?.message,
    };
  }, [drafting, local, server.data, server.isPending, server.error, findings.data, revision]);
}
