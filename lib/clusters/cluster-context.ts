// Who is changing the registry, for the audit log, and the knobs tests and the CLI pass down.
import type { AuditActor } from "@/lib/audit/record-audit";
import type { ClusterClientOptions } from "@/lib/k8s/cluster-client";
import type { EndpointGuardOptions } from "@/lib/k8s/endpoint-guard";
import type { InClusterSettings } from "./in-cluster-connection";

export type RegistryContext = {
  actor: AuditActor;
  requestId?: string | null;
  /** Loopback/http endpoints (simulated clusters); defaults to PORTICO_ALLOW_INSECURE_CLUSTERS. */
  allowInsecure?: boolean;
  /** DNS for the endpoint guard (tests). */
  lookup?: EndpointGuardOptions["lookup"];
  /** Options of the ClusterClient used to test connections (timeouts, retries in tests). */
  client?: ClusterClientOptions;
  /** Where "this cluster" is found (in-cluster registration); defaults to the environment (tests). */
  inCluster?: InClusterSettings;
};
