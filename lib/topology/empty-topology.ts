import { TOPOLOGY_API_VERSION, type Topology } from "./schema";

/**
 * A document that holds nothing yet, every list empty: where an import or a generated estate
 * starts. It is not valid until a cluster is added (a topology names at least one).
 */
export function emptyTopology(metadata: Topology["metadata"], domain?: string): Topology {
  return {
    apiVersion: TOPOLOGY_API_VERSION,
    kind: "Topology",
    metadata,
    ...(domain ? { domain } : {}),
    clusters: [],
    products: [],
    gateways: [],
    routes: [],
    services: [],
    policies: { circuitBreakers: [], authentication: [], authorization: [] },
    failover: [],
    successors: [],
    clients: [],
  };
}
