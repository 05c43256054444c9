"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { PlanView } from "@/components/migrations/plan-view";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { RollbackCreated, RollbackPreview, UndoCreated } from "@/lib/api/schemas/revisions";

type Resolutions = Record<string, "revert" | "keep">;

/**
 * Confirms a rollback before anything is written: what it changes part by part, per cluster what a
 * sync would create, update and delete (the plan preview with the clusters' dry runs), the
 * conflicts to settle (undo) or every later revision it undoes (restore).
 */
export function RollbackConfirmation({
  revision,
  mode,
  defaultReason = "",
  onDone,
  onCancel,
}: {
  revision: number;
  /** `undo`: only this revision's change; `restore`: the whole state of this revision. */
  mode: "undo" | "restore";
  defaultReason?: string;
  onDone: (result: { number: number }) => void;
  onCancel: () => void;
}) {
  const ids = useId();
  const queryClient = useQueryClient();
  const [resolutions, setResolutions] = useState<Resolutions>({});
  const [reason, setReason] = useState(defaultReason);
  const preview = useQuery({
    queryKey: queryKeys.topology.rollbackPreview(revision, mode, resolutions),
    queryFn: () =>
      apiFetch<RollbackPreview>(`/api/revisions/${revision}/rollback-preview`, {
        json: { mode, resolutions },
      }),
    staleTime: 0,
  });
  const confirm = useMutation({
    mutationFn: (p: RollbackPreview) =>
      mode === "undo"
        ? apiFetch<UndoCreated>(`/api/revisions/${revision}/undo`, {
            json: { reason, resolutions },
          })
        : apiFetch<RollbackCreated>(`/api/revisions/${revision}/rollback`, {
            json: { reason, confirmUndoing: p.undoes.map((r) => r.number) },
          }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.topology.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.all });
      onDone(res);
    },
  });

  const p = preview.data;
  const title =
    mode === "undo"
      ? `Undo revision ${revision}: only its change`
      : `Roll back to revision ${revision}: its whole state`;
  return (
    <Card role="region" aria-label="Confirm the rollback">
      <CardHeader
        title={title}
        description={
          mode === "undo"
            ? "What later revisions changed stays; parts both changed need your choice. Nothing is written until you confirm."
            : "Every later revision is undone. Nothing is written until you confirm."
        }
      />
      <CardBody className="space-y-4">
        {preview.isPending ? (
          <p role="status" className="text-sm text-slate-700">
            Computing the rollback and dry-running it against each cluster…
          </p>
        ) : null}
        {preview.isError ? (
          <Alert tone="error" title="The rollback cannot be computed">
            {preview.error.message}
          </Alert>
        ) : null}
        {p ? (
          <>
            {p.undoes.length ? (
              <Alert tone="warning" title={`This also undoes ${p.undoes.length} later revision(s)`}>
                <ul className="list-disc pl-5" aria-label="Revisions undone">
                  {p.undoes.map((r) => (
                    <li key={r.number}>
                      Revision {r.number} by {r.author ?? "system"}: {r.message}
                      {r.products.length ? ` (products ${r.products.join(", ")})` : ""}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
            {p.conflicts.length ? (
              <Alert tone="warning" title="Later revisions changed the same parts">
                <ul className="space-y-2" aria-label="Conflicts">
                  {p.conflicts.map((c) => (
                    <li key={c.path}>
                      <span className="font-mono text-xs">{c.path}</span> (changed again in revision{" "}
                      {c.revisions.join(", ") || "?"})
                      <span className="ml-2 inline-flex gap-3">
                        {(["revert", "keep"] as const).map((r) => (
                          <label key={r} className="inline-flex items-center gap-1">
                            <input
                              type="radio"
                              name={`${ids}-${c.path}`}
                              checked={resolutions[c.path] === r}
                              onChange={() => setResolutions({ ...resolutions, [c.path]: r })}
                            />
                            {r === "revert" ? "revert it anyway" : "keep the later change"}
                          </label>
                        ))}
                      </span>
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
            <section aria-label="Parts changed">
              <h4 className="mb-1 text-sm font-semibold text-slate-900">
                Parts of the topology it changes ({p.changes.length})
              </h4>
              {p.changes.length === 0 ? (
                <p className="text-sm text-slate-700">Nothing: the change is already undone.</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {p.changes.map((c) => (
                    <li key={c.path} className="flex flex-wrap items-center gap-2">
                      <Badge
                        tone={c.action === "removed" ? "danger" : c.action === "added" ? "success" : "info"}
                      >
                        {c.action}
                      </Badge>
                      <span className="font-mono text-xs">{c.path}</span>
                      {c.products.length ? (
                        <span className="text-xs text-slate-700">{c.products.join(", ")}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <PlanView plan={p.plan} />
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                confirm.mutate(p);
              }}
            >
              <Field id={`${ids}-reason`} label="Reason" className="min-w-64 flex-1">
                <Input value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <Button
                type="submit"
                variant="danger"
                disabled={confirm.isPending || p.conflicts.length > 0 || p.changes.length === 0}
              >
                {confirm.isPending ? "Rolling back…" : mode === "undo" ? "Confirm undo" : "Confirm rollback"}
              </Button>
              <Button variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
            </form>
            {confirm.isError ? (
              <Alert tone="error" title="Not rolled back">
                {confirm.error.message}
              </Alert>
            ) : null}
          </>
        ) : null}
      </CardBody>
    </Card>
  );
}
