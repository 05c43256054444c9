"use client";
// Confirmation before a forced sync: it takes ownership of fields another field manager holds, so
// the person must see what that means before Portico overwrites someone else's change: per object,
// the YAML diff of what the forced apply changes and removes (the cluster's own dry run), and the
// objects Portico will not take over because that would remove what the topology does not hold.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { YamlDiff } from "@/components/ui/yaml-diff";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { ForcePreview } from "@/lib/api/schemas/clusters";

export function ForceSyncDialog({
  open,
  cluster,
  conflicts,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  cluster: string;
  /** Objects currently in conflict, to name them. */
  conflicts: { key: string; managers: string }[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const preview = useQuery({
    queryKey: queryKeys.clusters.forcePlan(cluster),
    queryFn: () => apiFetch<ForcePreview>(`/api/clusters/${encodeURIComponent(cluster)}/force-plan`),
    enabled: open,
    staleTime: 0,
  });
  const items = preview.data?.items ?? [];
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onCancel}
      aria-labelledby="force-title"
      aria-describedby="force-description"
      className="m-auto w-full max-w-3xl rounded-lg border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-3 p-5">
        <h2 id="force-title" className="text-base font-semibold text-slate-900">
          Force sync of {cluster}?
        </h2>
        <div id="force-description" className="space-y-2 text-sm text-slate-800">
          <p>
            A forced sync applies with <code>force: true</code>: Portico takes ownership of every field it
            renders, even where another field manager (kubectl, a Helm release, another controller) set it
            since. Their value is replaced by Portico&apos;s and they lose ownership of those fields.
          </p>
          <p>
            If that other tool applies again, the two will fight over the field. Prefer fixing the other tool,
            or moving the field into the topology.
          </p>
          <p>
            An object Portico did not create (written by hand or by another tool, e.g. before an import) is
            taken over only when that removes nothing the topology does not hold; otherwise it is left as it
            is and named below with what would have been lost.
          </p>
          {conflicts.length ? (
            <div>
              <p className="font-medium">Objects in conflict now:</p>
              <ul className="list-disc pl-5 text-xs">
                {conflicts.slice(0, 10).map((c) => (
                  <li key={c.key}>
                    {c.key} — {c.managers}
                  </li>
                ))}
                {conflicts.length > 10 ? <li>and {conflicts.length - 10} more</li> : null}
              </ul>
            </div>
          ) : null}
          <div aria-live="polite">
            <p className="font-medium">What the forced sync will change (live − / after +):</p>
            {preview.isPending ? (
              <p role="status" className="text-xs">
                Asking the cluster (dry run)…
              </p>
            ) : preview.error ? (
              <p className="text-xs text-red-800">The preview failed: {preview.error.message}</p>
            ) : items.length === 0 ? (
              <p className="text-xs">Nothing differs: a forced sync behaves like a normal one.</p>
            ) : (
              <ul className="max-h-[50vh] space-y-1 overflow-auto text-xs">
                {items.map((i) => (
                  <li key={i.key}>
                    <details>
                      <summary className="cursor-pointer">
                        <Badge tone={i.outcome === "refused" ? "warning" : "info"}>
                          {i.outcome === "refused" ? "not taken over" : "changes"}
                        </Badge>{" "}
                        <span className="font-mono">
                          {i.kind} {i.namespace ? `${i.namespace}/` : ""}
                          {i.name}
                        </span>
                        {i.managers.length ? ` — takes fields from ${i.managers.join(", ")}` : ""}
                      </summary>
                      {i.outcome === "refused" ? (
                        <p className="mt-1 text-amber-900">
                          {i.message} Would be lost: {(i.lost ?? []).join("; ")}.
                        </p>
                      ) : null}
                      <YamlDiff diff={i.diff} label={`Forced apply of ${i.key}`} />
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            Force sync
          </Button>
        </div>
      </div>
    </dialog>
  );
}
