// A cluster's inventory and sync history as the browser reads them. The cluster's page and the
// migration wizard's apply progress both poll these, so they share one key and one URL each: a
// refetch in one serves the other.
import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { InventoryResponse, SyncRunsResponse } from "@/lib/api/schemas/clusters";

/** The newest runs of a cluster: enough for its history and to find the run of a fresh revision. */
const RUNS_LIMIT = 20;

export function clusterInventoryQuery(name: string) {
  return queryOptions({
    queryKey: queryKeys.clusters.inventory(name),
    queryFn: () => apiFetch<InventoryResponse>(`/api/clusters/${encodeURIComponent(name)}/inventory`),
  });
}

export function clusterRunsQuery(name: string) {
  return queryOptions({
    queryKey: queryKeys.clusters.runs(name),
    queryFn: () =>
      apiFetch<SyncRunsResponse>(`/api/sync/runs?cluster=${encodeURIComponent(name)}&limit=${RUNS_LIMIT}`),
  });
}
