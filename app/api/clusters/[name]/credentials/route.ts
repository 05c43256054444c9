import { json, route } from "@/lib/api/handler";
import { rotateClusterCredentials } from "@/lib/clusters/rotate-cluster-credentials";
import { rotateCredentialsSchema } from "@/lib/validations/cluster";

// Replaces a cluster's token (or client certificate), checked against the API server first unless
// verify is false. Permission: cluster:credentials:rotate
export const POST = route(
  { permission: "cluster:credentials:rotate", body: rotateCredentialsSchema },
  async ({ user, body, params, requestId }) =>
    json({ cluster: await rotateClusterCredentials(params.name!, body, { actor: user, requestId }) }),
);
