import { Badge, type BadgeTone } from "@/components/ui/badge";

const CLUSTER_TONE: Record<string, BadgeTone> = {
  reachable: "success",
  unreachable: "danger",
  error: "danger",
  unknown: "neutral",
};
const CLUSTER_TEXT: Record<string, string> = {
  reachable: "healthy",
  unreachable: "unreachable",
  error: "error",
  unknown: "not checked",
};

/**
 * Health of a cluster as its last connection check or sync saw it. A reachable cluster holding
 * drifted objects is not healthy: it does not hold what Portico wants.
 */
export function ClusterStatusBadge({ status, drifted = 0 }: { status: string; drifted?: number }) {
  if (status === "reachable" && drifted > 0)
    return <Badge tone="warning">{`drifted (${drifted} object${drifted === 1 ? "" : "s"})`}</Badge>;
  return <Badge tone={CLUSTER_TONE[status] ?? "neutral"}>{CLUSTER_TEXT[status] ?? status}</Badge>;
}

export const OBJECT_STATUSES = [
  "synced",
  "pending",
  "waiting",
  "out_of_sync",
  "drifted",
  "error",
  "deleting",
] as const;

const OBJECT_TONE: Record<string, BadgeTone> = {
  synced: "success",
  pending: "info",
  waiting: "warning",
  out_of_sync: "warning",
  "out-of-sync": "warning",
  drifted: "warning",
  error: "danger",
  deleting: "neutral",
};

export function objectStatusLabel(status: string): string {
  return status === "out_of_sync" ? "out-of-sync" : status;
}

/** Sync status of one object Portico manages in a cluster. */
export function ObjectStatusBadge({ status, count }: { status: string; count?: number }) {
  return (
    <Badge tone={OBJECT_TONE[status] ?? "neutral"}>
      {count !== undefined ? `${count} ` : ""}
      {objectStatusLabel(status)}
    </Badge>
  );
}
