// Cluster credentials as stored: one AES-256-GCM envelope per cluster, bound to the cluster's id so
// a ciphertext copied to another row does not open. Only server code ever sees the plaintext.
import { z } from "zod";
import { loadKeyring, type Keyring } from "@/lib/crypto/keyring";
import { open, seal } from "@/lib/crypto/secret-box";

export const ClusterCredentialsSchema = z
  .strictObject({
    /** Bearer token (service account token). */
    token: z.string().min(1).optional(),
    /**
     * Path of a bearer token file read at every request (in-cluster mode: the pod's projected
     * ServiceAccount token, which the kubelet rotates); the token itself is never stored.
     */
    tokenFile: z.string().min(1).optional(),
    /** PEM client certificate and key, base64 as in kubeconfig files. */
    clientCertificateData: z.string().min(1).optional(),
    clientKeyData: z.string().min(1).optional(),
  })
  .refine(
    (c) =>
      Boolean(c.token) ||
      Boolean(c.tokenFile) ||
      (Boolean(c.clientCertificateData) && Boolean(c.clientKeyData)),
    {
      message: "give a bearer token (or its file), or a client certificate together with its key",
    },
  );

export type ClusterCredentials = z.infer<typeof ClusterCredentialsSchema>;

let keyring: Keyring | undefined;
function ring(): Keyring {
  keyring ??= loadKeyring();
  return keyring;
}

const context = (clusterId: string) => `cluster:${clusterId}`;

export function sealClusterCredentials(
  clusterId: string,
  credentials: ClusterCredentials,
  k: Keyring = ring(),
) {
  const { envelope, keyId } = seal(k, JSON.stringify(credentials), context(clusterId));
  return { credentials: envelope, credentialsKeyId: keyId };
}

export function openClusterCredentials(
  cluster: { id: string; credentials: string },
  k: Keyring = ring(),
): ClusterCredentials {
  return JSON.parse(open(k, cluster.credentials, context(cluster.id))) as ClusterCredentials;
}
