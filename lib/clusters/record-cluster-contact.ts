// Records the outcome of a call to a cluster's API server: a success sets the last contact and
// clears any failure; a failure keeps the instant of the first failure since the last success (so
// "unreachable since" does not move while the cluster stays down) and the latest reason.
import type { PrismaClient, Tx } from "@/lib/db/client";
import type { IstioVersion } from "./istiod-version";

export type ContactOutcome =
  | {
      ok: true;
      at?: Date;
      /** The API server's `gitVersion`, when the call asked for it. */
      kubernetesVersion?: string;
      /** istiod's version and revision, when the contact read them (an absent istiod says nothing). */
      istio?: IstioVersion;
    }
  | { ok: false; reason: string; at?: Date };

export async function recordClusterContact(
  db: Pick<PrismaClient, "$executeRaw"> | Pick<Tx, "$executeRaw">,
  clusterId: string,
  outcome: ContactOutcome,
): Promise<void> {
  const at = outcome.at ?? new Date();
  if (outcome.ok) {
    // Note: a version that could not be read (an image pinned by digest without version labels)
    // keeps the one known before; the revision is what istiod says now, a missing label included.
    const istio = outcome.istio;
    await db.$executeRaw`UPDATE "Cluster" SET "lastContactAt" = ${at}, "contactFailedSince" = NULL, "contactError" = NULL,
      "kubernetesVersion" = COALESCE(${outcome.kubernetesVersion ?? null}, "kubernetesVersion"),
      "istioVersion" = COALESCE(${istio?.version ?? null}, "istioVersion"),
      "istioRevision" = CASE WHEN ${istio !== undefined} THEN ${istio?.revision ?? null} ELSE "istioRevision" END
      WHERE id = ${clusterId}`;
  } else
    await db.$executeRaw`UPDATE "Cluster" SET "contactFailedSince" = COALESCE("contactFailedSince", ${at}),
      "contactError" = ${outcome.reason.slice(0, 2000)} WHERE id = ${clusterId}`;
}
