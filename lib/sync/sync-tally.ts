// What one reconcile did, counted as it goes: a run that fails halfway still records what it
// applied and deleted before the failure.

export type SyncCounts = {
  applied: number;
  deleted: number;
  unchanged: number;
  drifted: number;
  errors: number;
  /** Objects that move traffic, not applied because a fact they depend on does not hold yet. */
  waiting: number;
};

export type SyncTally = SyncCounts & {
  /** Drifted objects that existed before Portico and differ only by what Portico keeps in them. */
  kept: number;
};

export function newTally(): SyncTally {
  return { applied: 0, deleted: 0, unchanged: 0, drifted: 0, errors: 0, waiting: 0, kept: 0 };
}

/** The counts a summary reports (`kept` is the sync's own bookkeeping). */
export function countsOf(t: SyncTally): SyncCounts {
  const { applied, deleted, unchanged, drifted, errors, waiting } = t;
  return { applied, deleted, unchanged, drifted, errors, waiting };
}

/**
 * Whether the cluster now holds the revision. Objects still waiting do not hold it yet; objects
 * that existed before Portico and keep content it does not render do: every field Portico renders
 * in them holds.
 */
export function holdsRevision(t: SyncTally): boolean {
  return t.errors === 0 && t.drifted === t.kept && t.waiting === 0;
}

/** The run's one-line outcome, as the sync history and the cluster's status show it. */
export function syncMessage(revision: number | null, t: SyncCounts): string {
  const parts = [`${t.applied} applied`, `${t.unchanged} unchanged`, `${t.deleted} deleted`];
  if (t.drifted) parts.push(`${t.drifted} drifted`);
  if (t.waiting) parts.push(`${t.waiting} waiting`);
  if (t.errors) parts.push(`${t.errors} with errors`);
  return `Revision ${revision ?? "none"}: ${parts.join(", ")}.`;
}
