"use client";

import { useMutation, useQueries } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/query/api-fetch";
import type { InventoryResponse, SyncRun } from "@/lib/api/schemas/clusters";
import { clusterInventoryQuery, clusterRunsQuery } from "@/components/clusters/cluster-sync-queries";

export type ClusterProgress = {
  cluster: string;
  state: "waiting" | "syncing" | "observed" | "errors";
  run?: SyncRun;
  errors: { what: string; message: string; conflict: boolean }[];
  inventory?: InventoryResponse;
};

function progressOf(
  cluster: string,
  revision: number,
  inv: InventoryResponse | undefined,
  runs: SyncRun[] | undefined,
): ClusterProgress {
  const run = runs?.find((r) => r.revision.number === revision);
  const errors = (inv?.objects ?? [])
    .filter((o) => o.status === "error")
    .map((o) => ({
      what: `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`,
      message: o.message ?? "failed",
      conflict: o.errorKind === "conflict",
    }));
  const observed = (inv?.cluster.observedRevision?.number ?? 0) >= revision;
  const finished = run && run.outcome !== "running";
  if (run?.outcome === "failed" && errors.length === 0)
    errors.push({ what: "sync run", message: run.message ?? "failed", conflict: false });
  const state: ClusterProgress["state"] =
    finished && errors.length > 0
      ? "errors"
      : observed && (finished || !run)
        ? "observed"
        : run
          ? "syncing"
          : "waiting";
  return { cluster, state, ...(run ? { run } : {}), errors, ...(inv ? { inventory: inv } : {}) };
}

const LABEL: Record<
  ClusterProgress["state"],
  { text: string; tone: "neutral" | "info" | "success" | "danger" }
> = {
  waiting: { text: "waiting for the worker", tone: "neutral" },
  syncing: { text: "syncing", tone: "info" },
  observed: { text: "observed the revision", tone: "success" },
  errors: { text: "needs attention", tone: "danger" },
};

/**
 * Live progress of a revision: polls each cluster's inventory and sync runs until every cluster
 * observed the revision or shows errors, and offers the next action for errors.
 */
export function useApplyProgress(revision: number | null, clusters: string[]) {
  const enabled = revision !== null;
  // Note: data cached before this revision is read against it (not observed, no run yet), so
  // the progress never shows an earlier revision as done.
  const inventories = useQueries({
    queries: clusters.map((c) => ({
      ...clusterInventoryQuery(c),
      enabled,
      staleTime: 0,
      refetchInterval: 1500,
    })),
  });
  const runs = useQueries({
    queries: clusters.map((c) => ({ ...clusterRunsQuery(c), enabled, staleTime: 0, refetchInterval: 1500 })),
  });
  const progress = clusters.map((c, i) =>
    progressOf(c, revision ?? 0, inventories[i]?.data, runs[i]?.data?.runs),
  );
  const fetchError = [...inventories, ...runs].find((q) => q.error)?.error as Error | undefined;
  const done = enabled && progress.every((p) => p.state === "observed" || p.state === "errors");
  return { progress, done, fetchError, refetch: () => inventories.forEach((q) => void q.refetch()) };
}

export function ApplyProgress({
  revision,
  progress,
  done,
  fetchError,
  canForce,
}: {
  revision: number;
  progress: ClusterProgress[];
  done: boolean;
  fetchError?: Error;
  canForce: boolean;
}) {
  const force = useMutation({
    mutationFn: (cluster: string) =>
      apiFetch(`/api/clusters/${encodeURIComponent(cluster)}/sync`, { json: { mode: "force" } }),
  });
  return (
    <div className="space-y-3" aria-live="polite">
      <p className="text-sm text-slate-800">
        Revision {revision}:{" "}
        {done ? "every cluster has reported." : "the sync worker applies it to each cluster…"}
      </p>
      {progress.length === 0 ? (
        <p className="text-sm text-slate-700">No registered cluster is touched by this revision.</p>
      ) : null}
      <ul className="space-y-2">
        {progress.map((p) => (
          <li
            key={p.cluster}
            className="rounded border border-slate-200 px-3 py-2 text-sm"
            data-testid={`progress-${p.cluster}`}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{p.cluster}</span>
              <Badge tone={LABEL[p.state].tone}>{LABEL[p.state].text}</Badge>
              {p.run ? (
                <span className="text-xs text-slate-700">
                  run {p.run.outcome}: {p.run.applied} applied, {p.run.deleted} deleted, {p.run.unchanged}{" "}
                  unchanged, {p.run.errors} error(s)
                </span>
              ) : null}
              {p.state === "waiting" || p.state === "syncing" ? (
                <span
                  className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-indigo-600 border-t-transparent"
                  aria-hidden="true"
                />
              ) : null}
            </div>
            {p.errors.length > 0 ? (
              <div className="mt-2 space-y-1">
                <ul className="list-disc pl-5 text-xs text-red-800">
                  {p.errors.map((e) => (
                    <li key={e.what}>
                      {e.what}: {e.message}
                    </li>
                  ))}
                </ul>
                {p.errors.some((e) => e.conflict) ? (
                  <div className="flex flex-wrap items-center gap-2">
                    <p className="text-xs text-slate-800">
                      Another field manager (kubectl, helm) owns fields Portico changes. Take them over with a
                      forced sync once you checked nobody else still manages these objects.
                    </p>
                    {canForce ? (
                      <Button
                        variant="secondary"
                        onClick={() => force.mutate(p.cluster)}
                        disabled={force.isPending}
                      >
                        Force sync {p.cluster}
                      </Button>
                    ) : null}
                  </div>
                ) : (
                  <p className="text-xs text-slate-800">
                    Fix the cause shown above (permissions, missing API, invalid object), then sync the
                    cluster again from the Clusters page, or roll back.
                  </p>
                )}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {force.isSuccess ? <Alert tone="info">Forced sync queued; progress updates here.</Alert> : null}
      {force.isError ? (
        <Alert tone="error" title="Could not queue the forced sync">
          {force.error.message}
        </Alert>
      ) : null}
      {fetchError ? (
        <Alert tone="warning" title="Progress could not be refreshed">
          {fetchError.message} Retrying…
        </Alert>
      ) : null}
    </div>
  );
}
