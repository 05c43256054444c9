import { json, route } from "@/lib/api/handler";
import { testClusterConnection } from "@/lib/clusters/test-cluster-connection";

// Runs the connection checklist (reachability, Istio, Gateway API, zones, permissions) and stores
// the report. Permission: cluster:write (it updates the cluster's status)
export const POST = route({ permission: "cluster:write" }, async ({ user, params, requestId }) =>
  json(await testClusterConnection(params.name!, { actor: user, requestId })),
);
