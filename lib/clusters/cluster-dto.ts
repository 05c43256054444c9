// What the browser and API clients see of a cluster. Built field by field from an allowlist, so the
// encrypted credentials (and any column added later) never leave the server by accident.
import type { Cluster } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import type { CheckReport } from "./check-cluster";
import {
  clusterHealth,
  contactFreshForSeconds,
  type ClusterContact,
  type ClusterHealth,
} from "./cluster-health";

export type ClusterDto = {
  id: string;
  name: string;
  server: string;
  zone: string | null;
  region: string | null;
  network: string | null;
  production: boolean;
  insecureSkipTlsVerify: boolean;
  /** Whether a CA bundle is stored (the bundle itself is public but long). */
  hasCaData: boolean;
  status: Cluster["status"];
  statusMessage: string | null;
  /** Reachability from the last call to its API server and its age, and whether objects drifted. */
  health: ClusterHealth;
  kubernetesVersion: string | null;
  istioVersion: string | null;
  /** istiod's istio.io/rev label ("default" or a named revision). */
  istioRevision: string | null;
  checkReport: CheckReport | null;
  lastCheckedAt: string | null;
  lastSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Objects of the cluster that keep it from being healthy (see cluster-object-problems.ts). */
export type ObjectProblems = { drifted: number; errors: number };

/** Health at `now`: a contact stays current for one drift-sweep interval of the worker (and slack). */
export function healthNow(c: ClusterContact, objects: ObjectProblems, now = new Date()): ClusterHealth {
  return clusterHealth(c, objects, {
    now,
    freshForSeconds: contactFreshForSeconds(env().PORTICO_DRIFT_INTERVAL_S),
  });
}

export function toClusterDto(c: Cluster, objects: ObjectProblems, now = new Date()): ClusterDto {
  return {
    id: c.id,
    ...clusterSettings(c),
    status: c.status,
    statusMessage: c.statusMessage,
    health: healthNow(c, objects, now),
    kubernetesVersion: c.kubernetesVersion,
    istioVersion: c.istioVersion,
    istioRevision: c.istioRevision,
    checkReport: (c.checkReport as CheckReport | null) ?? null,
    lastCheckedAt: iso(c.lastCheckedAt),
    lastSyncAt: iso(c.lastSyncAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The settings of a cluster, as the audit log records them too (no status, no credentials). */
export function clusterSettings(c: Cluster) {
  return {
    name: c.name,
    server: c.server,
    zone: c.zone,
    region: c.region,
    network: c.network,
    production: c.production,
    insecureSkipTlsVerify: c.insecureSkipTlsVerify,
    hasCaData: Boolean(c.caData),
  };
}
