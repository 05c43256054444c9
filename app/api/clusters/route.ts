import { json, route } from "@/lib/api/handler";
import { listClusters } from "@/lib/clusters/list-clusters";
import { registerCluster } from "@/lib/clusters/register-cluster";
import { registerClusterSchema } from "@/lib/validations/cluster";

// Lists registered clusters with their last connection check (never their credentials). Permission: cluster:read
export const GET = route({ permission: "cluster:read" }, async () =>
  json({ clusters: await listClusters() }),
);

// Registers a cluster from a kubeconfig context or an endpoint and token. Permission: cluster:write
export const POST = route(
  { permission: "cluster:write", body: registerClusterSchema },
  async ({ user, body, requestId }) => {
    const cluster = await registerCluster(body, { actor: user, requestId });
    return json({ cluster }, { status: 201 });
  },
);
