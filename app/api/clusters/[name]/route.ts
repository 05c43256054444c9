import { json, noContent, route } from "@/lib/api/handler";
import { deleteCluster } from "@/lib/clusters/delete-cluster";
import { getCluster } from "@/lib/clusters/get-cluster";
import { updateCluster } from "@/lib/clusters/update-cluster";
import { updateClusterSchema } from "@/lib/validations/cluster";

// One cluster with its last connection check. Permission: cluster:read
export const GET = route({ permission: "cluster:read" }, async ({ params }) =>
  json({ cluster: await getCluster(params.name!) }),
);

// Edits a cluster's locality, production flag, endpoint or CA. Permission: cluster:write
export const PATCH = route(
  { permission: "cluster:write", body: updateClusterSchema },
  async ({ user, body, params, requestId }) =>
    json({ cluster: await updateCluster(params.name!, body, { actor: user, requestId }) }),
);

// Unregisters a cluster; what Portico applied there stays. Permission: cluster:write
export const DELETE = route({ permission: "cluster:write" }, async ({ user, params, requestId }) => {
  await deleteCluster(params.name!, { actor: user, requestId });
  return noContent();
});
