import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ClusterHealth, ClusterHealthState } from "@/lib/clusters/cluster-health";

const HEALTH_TONE: Record<ClusterHealthState, BadgeTone> = {
  healthy: "success",
  drifted: "warning",
  degraded: "warning",
  stale: "warning",
  unreachable: "danger",
  "never-contacted": "neutral",
};
const HEALTH_TEXT: Record<ClusterHealthState, string> = {
  healthy: "healthy",
  drifted: "drifted",
  degraded: "objects failing",
  stale: "no recent contact",
  unreachable: "unreachable",
  "never-contacted": "not contacted",
};

/**
 * Health of a cluster: the badge, then when Portico last reached its API server or since when it
 * cannot ("reachable · last contact 12 s ago", "unreachable since …: reason").
 */
export function ClusterHealthBadge({
  health,
  compact = false,
}: {
  health: ClusterHealth;
  compact?: boolean;
}) {
  const detail = health.reachable && health.reason ? `${health.summary} · ${health.reason}` : health.summary;
  return (
    <span data-testid="cluster-health" data-state={health.state}>
      <Badge tone={HEALTH_TONE[health.state]}>{HEALTH_TEXT[health.state]}</Badge>{" "}
      <span
        className={compact ? "block max-w-72 truncate text-xs text-slate-700" : "text-xs text-slate-700"}
        title={detail}
      >
        {detail}
      </span>
    </span>
  );
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
