// What the sync needs from a cluster: the four calls of lib/k8s's ClusterClient it uses.
import type { ClusterClient } from "@/lib/k8s/cluster-client";

export type ClusterApi = Pick<ClusterClient, "hasGroup" | "list" | "apply" | "delete">;

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
