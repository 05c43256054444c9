// Replaces a cluster's credentials (a new service account token, or a new client certificate).
// By default the new credentials are tried against the API server first, so a typo does not
// replace working credentials with broken ones.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import type { ClusterCredentials } from "@/lib/k8s/cluster-connection";
import { isKubeApiError } from "@/lib/k8s/kube-api-error";
import type { RotateCredentialsInput } from "@/lib/validations/cluster";
import { describeFailure } from "./check-cluster";
import type { RegistryContext } from "./cluster-context";
import { sealClusterCredentials } from "./cluster-credentials";
import { objectProblemsOf } from "./cluster-object-problems";
import { toClusterDto, type ClusterDto } from "./cluster-dto";
import { findClusterOrThrow } from "./find-cluster";
import { normalizeCredentials } from "./validate-connection-settings";

export async function rotateClusterCredentials(
  name: string,
  input: RotateCredentialsInput,
  ctx: RegistryContext,
): Promise<ClusterDto> {
  const cluster = await findClusterOrThrow(name);
  const credentials: ClusterCredentials = normalizeCredentials(
    input.token
      ? { token: input.token }
      : { clientCertificateData: input.clientCertificateData, clientKeyData: input.clientKeyData },
  );
  let verified: string | null = null;
  if (input.verify) {
    const client = new ClusterClient(
      {
        name: cluster.name,
        server: cluster.server,
        caData: cluster.caData,
        insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
        credentials,
      },
      { allowInsecure: ctx.allowInsecure, lookup: ctx.lookup, ...ctx.client },
    );
    try {
      verified = (await client.version()).gitVersion;
    } catch (err) {
      const reason = describeFailure(err);
      const refused = isKubeApiError(err) && (err.kind === "unauthorized" || err.kind === "forbidden");
      throw AppError.unprocessable(
        refused
          ? `The API server refused the new credentials; nothing was changed. ${reason}`
          : `The new credentials could not be checked, so nothing was changed: ${reason} Send verify: false to store them anyway.`,
      );
    } finally {
      await client.close();
    }
  }
  const updated = await prisma.$transaction(async (tx) => {
    const saved = await tx.cluster.update({
      where: { id: cluster.id },
      data: {
        ...sealClusterCredentials(cluster.id, credentials),
        ...(verified
          ? {
              status: "reachable" as const,
              statusMessage: "Credentials rotated and accepted by the API server.",
              lastContactAt: new Date(),
              contactFailedSince: null,
              contactError: null,
            }
          : {
              status: "unknown" as const,
              statusMessage: "Credentials rotated without a check; test the connection.",
            }),
      },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "cluster.credentials.rotate",
      targetType: "cluster",
      targetId: saved.id,
      clusterName: saved.name,
      requestId: ctx.requestId,
      metadata: { auth: credentials.token ? "bearer" : "client-certificate", verified: Boolean(verified) },
    });
    return saved;
  });
  return toClusterDto(updated, await objectProblemsOf(updated.id));
}
