"use client";
// One drifted object opened in the inventory: live against desired as a YAML diff, the fields added
// outside Portico, and the two ways out: revert (Portico's version again) or adopt (the topology
// takes the change, where it models that field; otherwise the reason it cannot).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { YamlDiff } from "@/components/ui/yaml-diff";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { DriftDescription } from "@/lib/api/schemas/clusters";

export function DriftDetails({
  cluster,
  objectKey,
  canSync,
  canAdopt,
  busy,
  onRevert,
}: {
  cluster: string;
  objectKey: string;
  canSync: boolean;
  canAdopt: boolean;
  /** A sync is queued or running: no second action meanwhile. */
  busy: boolean;
  onRevert: () => void;
}) {
  const queryClient = useQueryClient();
  const drift = useQuery({
    queryKey: queryKeys.clusters.drift(cluster, objectKey),
    queryFn: () =>
      apiFetch<DriftDescription>(
        `/api/clusters/${encodeURIComponent(cluster)}/drift?key=${encodeURIComponent(objectKey)}`,
      ),
  });
  const adopt = useMutation({
    mutationFn: () =>
      apiFetch<{ revision: number; changes: string[] }>(
        `/api/clusters/${encodeURIComponent(cluster)}/adopt`,
        {
          json: { key: objectKey },
        },
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.clusters.all }),
  });

  if (drift.isPending)
    return (
      <p role="status" className="text-xs text-slate-700">
        Reading the live object…
      </p>
    );
  if (drift.error)
    return (
      <Alert tone="error" title="The object could not be compared">
        {drift.error.message}
      </Alert>
    );
  const d = drift.data;
  if (!d.drifted)
    return (
      <p className="text-xs text-slate-700">The live object now holds what Portico wants; nothing to do.</p>
    );
  return (
    <div className="space-y-2 text-xs text-slate-800">
      <p>
        Live (−) against what Portico wants (+).
        {d.added.length && d.preexisting ? (
          <>
            {" "}
            The object existed before Portico applied it; Portico keeps what it does not render (a revert does
            not remove it): <code>{d.added.join(", ")}</code>.
          </>
        ) : d.added.length ? (
          <>
            {" "}
            Added outside Portico: <code>{d.added.join(", ")}</code>.
          </>
        ) : null}
      </p>
      <YamlDiff diff={d.diff} label={`Live against desired of ${objectKey}`} />
      <div className="flex flex-wrap items-center gap-2">
        {canSync ? (
          <Button variant="secondary" onClick={onRevert} disabled={busy}>
            Revert (re-apply Portico&apos;s version)
          </Button>
        ) : null}
        {canAdopt && d.adopt.possible ? (
          <Button onClick={() => adopt.mutate()} disabled={busy || adopt.isPending || adopt.isSuccess}>
            Adopt into the topology
          </Button>
        ) : null}
      </div>
      {d.adopt.possible ? (
        <p>Adopting makes a new revision: {d.adopt.changes.join("; ")}.</p>
      ) : (
        <p>Cannot be adopted: {d.adopt.reason}</p>
      )}
      {adopt.isSuccess ? (
        <Alert tone="info">
          Adopted as revision #{adopt.data.revision}; the next sync finds the object in sync.
        </Alert>
      ) : null}
      {adopt.error ? <Alert tone="error">{adopt.error.message}</Alert> : null}
    </div>
  );
}
