// A cluster's health is a fact with a time: whether its API server answered the last call Portico
// made, when that was, and what its objects look like. Pure: the stored facts and "now" in, what
// the clusters page and API show out.

export type ClusterHealthState =
  "healthy" | "drifted" | "degraded" | "stale" | "unreachable" | "never-contacted";

export type ClusterContact = {
  /** Last successful call to the API server. */
  lastContactAt: Date | null;
  /** First failed call since the last successful one. */
  contactFailedSince: Date | null;
  contactError: string | null;
};

export type ClusterHealth = {
  state: ClusterHealthState;
  /** The API server answered the last call, and that call is recent. */
  reachable: boolean;
  lastContactAt: string | null;
  /** Seconds since the last successful call, at `now`. */
  lastContactAgeSeconds: number | null;
  unreachableSince: string | null;
  /** Why the API server did not answer, or why the cluster is not healthy although it answers. */
  reason: string | null;
  /** One line for people: "reachable · last contact 12 s ago", "unreachable since …: <reason>". */
  summary: string;
};

/** How long a successful contact stays current: one sweep interval, the sweep's tick and slack. */
export function contactFreshForSeconds(driftIntervalSeconds: number): number {
  return driftIntervalSeconds + 120;
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export function formatInstant(d: Date): string {
  return `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

export function clusterHealth(
  contact: ClusterContact,
  objects: { drifted: number; errors: number },
  options: { now: Date; freshForSeconds: number },
): ClusterHealth {
  const { lastContactAt, contactFailedSince, contactError } = contact;
  const age =
    lastContactAt === null
      ? null
      : Math.max(0, Math.round((options.now.getTime() - lastContactAt.getTime()) / 1000));
  const base = {
    lastContactAt: lastContactAt?.toISOString() ?? null,
    lastContactAgeSeconds: age,
    unreachableSince: null,
  };
  const lastContact = age === null ? "never contacted" : `last contact ${formatAge(age)} ago`;
  if (contactFailedSince !== null) {
    const reason = contactError ?? "the API server did not answer";
    return {
      ...base,
      state: "unreachable",
      reachable: false,
      unreachableSince: contactFailedSince.toISOString(),
      reason,
      summary: `unreachable since ${formatInstant(contactFailedSince)}: ${reason}${age === null ? "" : ` (${lastContact})`}`,
    };
  }
  if (age === null)
    return {
      ...base,
      state: "never-contacted",
      reachable: false,
      reason: "Portico has not reached its API server yet",
      summary: "never contacted: no sync or connection check has reached its API server yet",
    };
  if (age > options.freshForSeconds)
    return {
      ...base,
      state: "stale",
      reachable: false,
      reason: "no sync has contacted it since; is the sync worker running?",
      summary: `no recent contact · ${lastContact}; is the sync worker running?`,
    };
  const problems = [
    objects.drifted > 0 ? `${objects.drifted} drifted` : "",
    objects.errors > 0 ? `${objects.errors} with errors` : "",
  ].filter(Boolean);
  return {
    ...base,
    state: objects.drifted > 0 ? "drifted" : objects.errors > 0 ? "degraded" : "healthy",
    reachable: true,
    reason: problems.length > 0 ? `objects ${problems.join(", ")}` : null,
    summary: `reachable · ${lastContact}`,
  };
}
