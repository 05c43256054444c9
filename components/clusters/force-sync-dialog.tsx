"use client";
// Confirmation before a forced sync: it takes ownership of fields another field manager holds, so
// the person must see what that means before Portico overwrites someone else's change.
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";

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
      className="m-auto w-full max-w-lg rounded-lg border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40"
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
          ) : (
            <p>No object is in conflict right now; a forced sync behaves like a normal one.</p>
          )}
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
