// The verdicts of a reconcile on its inventory rows, written in batches. A field left undefined in
// an update keeps the row's value; status and the time of observation are always written.
import type { PrismaClient } from "@/lib/db/client";

export type RowUpdate = {
  id: string;
  status: "synced" | "error" | "drifted" | "out_of_sync" | "waiting";
  message?: string | null;
  appliedHash?: string | null;
  revisionNumber?: number | null;
  conflict?: unknown;
  observed?: unknown;
  errorKind?: string | null;
  /** The object was applied now: its lastAppliedAt moves. */
  applied?: boolean;
  preexisting?: boolean;
};

export async function writeInventoryUpdates(
  db: Pick<PrismaClient, "$executeRawUnsafe">,
  rows: readonly RowUpdate[],
): Promise<void> {
  const now = new Date();
  // Note: one statement per 500 rows; a first sync of 1,500 objects is 3 round trips, not 1,500.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.$executeRawUnsafe(
      `UPDATE "InventoryObject" AS i SET
         status = v.status::"ObjectSyncStatus",
         message = CASE WHEN v.set_message THEN v.message ELSE i.message END,
         "appliedHash" = CASE WHEN v.set_hash THEN v.hash ELSE i."appliedHash" END,
         "revisionNumber" = CASE WHEN v.set_rev THEN v.rev ELSE i."revisionNumber" END,
         conflict = CASE WHEN v.set_conflict THEN v.conflict ELSE i.conflict END,
         observed = CASE WHEN v.set_observed THEN v.observed ELSE i.observed END,
         preexisting = CASE WHEN v.set_pre THEN v.pre ELSE i.preexisting END,
         "errorKind" = CASE WHEN v.status = 'error' THEN v.error_kind ELSE NULL END,
         "lastAppliedAt" = CASE WHEN v.applied THEN $2::timestamptz ELSE i."lastAppliedAt" END,
         "lastObservedAt" = $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS v(
         id text, status text, message text, set_message boolean, hash text, set_hash boolean,
         rev int, set_rev boolean, conflict jsonb, set_conflict boolean, observed jsonb,
         set_observed boolean, error_kind text, applied boolean, pre boolean, set_pre boolean)
       WHERE i.id = v.id`,
      JSON.stringify(
        chunk.map((u) => ({
          id: u.id,
          status: u.status === "out_of_sync" ? "out-of-sync" : u.status,
          message: u.message ?? null,
          set_message: u.message !== undefined,
          hash: u.appliedHash ?? null,
          set_hash: u.appliedHash !== undefined,
          rev: u.revisionNumber ?? null,
          set_rev: u.revisionNumber !== undefined,
          conflict: u.conflict ?? null,
          set_conflict: u.conflict !== undefined,
          observed: u.observed ?? null,
          set_observed: u.observed !== undefined,
          error_kind: u.errorKind ?? null,
          applied: u.applied === true,
          pre: u.preexisting ?? false,
          set_pre: u.preexisting !== undefined,
        })),
      ),
      now,
    );
  }
}
