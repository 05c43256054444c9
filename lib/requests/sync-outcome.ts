// Whether an approved request has reached its clusters. Pure: per requested cluster, the revision
// number it observed and the errors its inventory shows for the product.

export type ClusterObservation = {
  cluster: string;
  /** Whether the cluster is registered in Portico at all. */
  registered: boolean;
  /** Number of the revision the cluster last reported holding, if any. */
  observedRevision: number | null;
  /** Inventory objects of the product in error on that cluster. */
  errors: { kind: string; name: string; message: string | null }[];
};

export type SyncOutcome = {
  /** `applied` once every cluster observed the revision (or a later one) without errors. */
  status: "waiting" | "applied" | "failed";
  clusters: (ClusterObservation & { state: "waiting" | "applied" | "failed" })[];
};

export function syncOutcome(
  revisionNumber: number,
  observations: readonly ClusterObservation[],
): SyncOutcome {
  const clusters = observations.map((o) => {
    const state: "waiting" | "applied" | "failed" =
      o.errors.length > 0
        ? "failed"
        : o.registered && o.observedRevision !== null && o.observedRevision >= revisionNumber
          ? "applied"
          : "waiting";
    return { ...o, state };
  });
  const anyFailed = clusters.some((c) => c.state === "failed");
  const allApplied = clusters.length > 0 && clusters.every((c) => c.state === "applied");
  // Note: a failure is only final once every other cluster has settled too, so a transient error
  // seen mid-sync does not flip the request while the worker is still retrying elsewhere.
  const settled = clusters.every((c) => c.state !== "waiting");
  return { status: allApplied ? "applied" : anyFailed && settled ? "failed" : "waiting", clusters };
}
