// The worker's clients, one per registered cluster, kept from one job to the next: a reconcile then
// reuses the TLS connections and API discovery of the previous one instead of paying a handshake
// and a dozen discovery requests per job. A client is replaced when what it was opened with (the
// endpoint, trust or sealed credentials) changed.
import type { Cluster } from "@/lib/db/generated/client";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import type { ClusterApi } from "./cluster-api";

type ClusterRow = Pick<
  Cluster,
  "id" | "name" | "server" | "caData" | "insecureSkipTlsVerify" | "credentials"
>;

export class ClusterClients {
  private readonly open = new Map<string, { identity: string; client: ClusterClient }>();

  /** The cluster's client, opened on first use or when its registration changed. */
  get(cluster: ClusterRow): ClusterClient {
    // The sealed envelope changes with the credentials and with a key rotation.
    const identity = JSON.stringify([
      cluster.id,
      cluster.server,
      cluster.caData,
      cluster.insecureSkipTlsVerify,
      cluster.credentials,
    ]);
    const held = this.open.get(cluster.name);
    if (held?.identity === identity) return held.client;
    this.forget(cluster.name);
    const client = openClusterClient(cluster);
    this.open.set(cluster.name, { identity, client });
    return client;
  }

  /** Closes the client of a cluster that is no longer registered (or was registered anew). */
  forget(name: string): void {
    const held = this.open.get(name);
    this.open.delete(name);
    if (held) void held.client.close().catch(() => undefined);
  }

  /** Closes every pooled connection (worker shutdown). */
  async closeAll(): Promise<void> {
    const clients = [...this.open.values()].map((h) => h.client);
    this.open.clear();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }
}

/** The calls a reconcile makes, each stopped by the job's `signal` (a client outlives one job). */
export function forJob(client: ClusterClient, signal: AbortSignal): ClusterApi {
  return {
    version: (options) => client.version({ ...options, signal }),
    hasGroup: (group, options) => client.hasGroup(group, { ...options, signal }),
    list: ((apiVersion, kind, options) =>
      client.list(apiVersion, kind, { ...options, signal })) as ClusterApi["list"],
    get: ((apiVersion, kind, namespace, name, options) =>
      client.get(apiVersion, kind, namespace, name, { ...options, signal })) as ClusterApi["get"],
    getMetadata: (apiVersion, kind, namespace, name, options) =>
      client.getMetadata(apiVersion, kind, namespace, name, { ...options, signal }),
    apply: ((obj, options) => client.apply(obj, { ...options, signal })) as ClusterApi["apply"],
    delete: (apiVersion, kind, namespace, name, options) =>
      client.delete(apiVersion, kind, namespace, name, { ...options, signal }),
    removeFields: ((obj, pointers, resourceVersion, options) =>
      client.removeFields(obj, pointers, resourceVersion, {
        ...options,
        signal,
      })) as ClusterApi["removeFields"],
  };
}
