// What the sync needs from a cluster: the calls of lib/k8s's ClusterClient it uses (its version as
// the contact every sync starts with, reads of single objects and metadata for the facts traffic
// waits on).
import type { ClusterClient } from "@/lib/k8s/cluster-client";

export type ClusterApi = Pick<
  ClusterClient,
  "version" | "hasGroup" | "list" | "get" | "getMetadata" | "apply" | "delete" | "removeFields"
>;

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
