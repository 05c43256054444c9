// One object's server-side apply and its verdict: synced, drifted (fields others own stay), or an
// error of its own (conflict, invalid, forbidden, a refused takeover). Failures the cluster may get
// over are thrown (transient-sync-error.ts) so the job is retried.
import { compareObject } from "@/lib/analysis/plan/compare-object";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";
import type { KubeApiError } from "@/lib/k8s/kube-api-error";
import { objectKey, type K8sObject } from "@/lib/topology";
import type { ClusterApi } from "./cluster-api";
import { driftMessage } from "./drift-message";
import { observe } from "./observe";
import type { PlannedApply } from "./plan-reconcile";
import { takeoverLoss, takeoverRefusal } from "./takeover-loss";
import { finalFailure } from "./transient-sync-error";
import type { RowUpdate } from "./write-inventory-updates";

export type ApplyContext = {
  /** Take over fields others own: a forced sync or a revert. */
  force: boolean;
  /** A revert also removes fields others added to Portico's own objects. */
  revert: boolean;
  /** Whether the object was among Portico's labelled live objects before this apply. */
  labelled: boolean;
  revisionNumber: number | null;
};

export type ApplyVerdict = {
  update: RowUpdate;
  /** Applied, still differs, but only by what Portico keeps in an object that existed before it. */
  kept: boolean;
};

export async function applyObject(
  api: ClusterApi,
  a: PlannedApply,
  ctx: ApplyContext,
): Promise<ApplyVerdict> {
  try {
    // Note: an object Portico did not create (not among its labelled objects yet, or marked
    // pre-existing) is taken over field by field, never at the cost of content the topology does
    // not hold: a forced apply that would remove any is refused, naming what would be lost.
    if (ctx.force && (!ctx.labelled || a.row.preexisting)) {
      const loss = await takeoverLoss(api, a.obj);
      if (loss && loss.lost.length > 0) return failed(a, "takeover", takeoverRefusal(a.obj, loss.lost));
    }
    let applied = await api.apply(a.obj, { fieldManager: FIELD_MANAGER, force: ctx.force });
    // An object that was not Portico's and already holds others' fields existed before: Portico
    // holds the fields it renders in it, and keeps the rest.
    const preexisting = a.row.preexisting || (!ctx.labelled && writtenByOthers(applied));
    let after = compareObject(a.obj, applied);
    // Fields someone else added stay after any apply (their manager owns them); a revert removes
    // them from Portico's own objects, anything else reports the object as still drifted.
    if (!after.same && ctx.revert && !preexisting && after.extras.length > 0) {
      applied = await api.removeFields(a.obj, after.extras, String(applied.metadata.resourceVersion ?? ""), {
        fieldManager: FIELD_MANAGER,
      });
      after = compareObject(a.obj, applied);
    }
    const kept = !after.same && preexisting && after.onlyAdded;
    return {
      kept,
      update: {
        id: a.row.id,
        status: after.same ? "synced" : "drifted",
        appliedHash: a.hash,
        message: after.same ? null : driftMessage(after.extras, kept),
        preexisting,
        conflict: null,
        revisionNumber: ctx.revisionNumber,
        observed: observe(applied),
        applied: true,
      },
    };
  } catch (err) {
    const failure = finalFailure(err, objectKey(a.obj));
    if (failure.kind === "conflict")
      return failed(a, failure.kind, conflictMessage(failure), { conflicts: failure.conflicts });
    return failed(a, failure.kind, failure.message);
  }
}

/** An object left as the cluster holds it, with the error that kept it so. */
function failed(
  a: PlannedApply,
  errorKind: string,
  message: string,
  conflict: { conflicts: unknown[] } | null = null,
): ApplyVerdict {
  return {
    kept: false,
    update: { id: a.row.id, status: "error", appliedHash: a.hash, message, conflict, errorKind },
  };
}

/** Whether a field manager other than Portico (and other than status writers) set fields of it. */
function writtenByOthers(obj: K8sObject): boolean {
  const entries = (obj.metadata.managedFields ?? []) as { manager?: string; subresource?: string }[];
  return entries.some((e) => !e.subresource && e.manager !== FIELD_MANAGER);
}

function conflictMessage(f: KubeApiError): string {
  const byManager = new Map<string, string[]>();
  for (const c of f.conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const parts = [...byManager].map(([m, fields]) => `${fields.join(", ")} owned by "${m}"`);
  return `Conflict: ${parts.join("; ") || f.message}. Force the sync to take these fields over, or change them back in the cluster.`;
}
