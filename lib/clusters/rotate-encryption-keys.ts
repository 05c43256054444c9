// Re-encrypts every cluster's credentials with the active key of PORTICO_ENCRYPTION_KEYS (the first
// one). Run after putting a new key first; once it reports nothing left to rotate, the old key can
// be removed from the list. Safe to run again and while Portico is running: each row is rewritten
// only if it still holds the ciphertext that was read (so a concurrent credential rotation wins).
import { prisma } from "@/lib/db/client";
import type { Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { loadKeyring, type Keyring } from "@/lib/crypto/keyring";
import { needsRotation } from "@/lib/crypto/secret-box";
import { openClusterCredentials, sealClusterCredentials } from "./cluster-credentials";

export type KeyRotationResult = {
  activeKeyId: string;
  /** Clusters re-encrypted by this run. */
  rotated: string[];
  /** Clusters already sealed with the active key. */
  current: string[];
  /** Clusters that could not be opened (their key is missing from the keyring) or were changed meanwhile. */
  failed: { name: string; reason: string }[];
};

export async function rotateEncryptionKeys(
  options: { keyring?: Keyring; db?: typeof prisma } = {},
): Promise<KeyRotationResult> {
  const keyring = options.keyring ?? loadKeyring();
  const db = options.db ?? prisma;
  const result: KeyRotationResult = { activeKeyId: keyring.activeId, rotated: [], current: [], failed: [] };
  const clusters = await db.cluster.findMany({
    select: { id: true, name: true, credentials: true, credentialsKeyId: true },
    orderBy: { name: "asc" },
  });
  for (const cluster of clusters) {
    if (!needsRotation(keyring, cluster.credentials) && cluster.credentialsKeyId === keyring.activeId) {
      result.current.push(cluster.name);
      continue;
    }
    try {
      const sealed = sealClusterCredentials(cluster.id, openClusterCredentials(cluster, keyring), keyring);
      const written = await db.$transaction(async (tx: Tx) => {
        const { count } = await tx.cluster.updateMany({
          where: { id: cluster.id, credentials: cluster.credentials },
          data: sealed,
        });
        if (count === 1) {
          await recordAudit(tx, {
            actor: null,
            action: "cluster.credentials.reencrypt",
            targetType: "cluster",
            targetId: cluster.id,
            clusterName: cluster.name,
            metadata: { from: cluster.credentialsKeyId, to: keyring.activeId },
          });
        }
        return count === 1;
      });
      if (written) result.rotated.push(cluster.name);
      else
        result.failed.push({
          name: cluster.name,
          reason: "its credentials changed while rotating; run the rotation again",
        });
    } catch (err) {
      result.failed.push({ name: cluster.name, reason: (err as Error).message });
    }
  }
  return result;
}
