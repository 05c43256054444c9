// Edits a cluster's settings (locality, production flag, endpoint, CA). A new endpoint goes through
// the same guard as registration, and any change to how Portico connects resets the cluster's
// status until the connection is tested again.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import type { UpdateClusterInput } from "@/lib/validations/cluster";
import type { RegistryContext } from "./cluster-context";
import { clusterSettings, toClusterDto, type ClusterDto } from "./cluster-dto";
import { objectProblemsOf } from "./cluster-object-problems";
import { findClusterOrThrow } from "./find-cluster";
import { normalizeCaData, validateConnectionSettings } from "./validate-connection-settings";

export async function updateCluster(
  name: string,
  input: UpdateClusterInput,
  ctx: RegistryContext,
): Promise<ClusterDto> {
  const before = await findClusterOrThrow(name);
  const production = input.production ?? before.production;
  const insecureSkipTlsVerify = input.insecureSkipTlsVerify ?? before.insecureSkipTlsVerify;
  if (production && insecureSkipTlsVerify) {
    throw AppError.badRequest(
      "Production clusters must verify the API server's certificate: give its CA instead of skipping TLS verification.",
    );
  }
  const server =
    input.server !== undefined
      ? (await validateConnectionSettings({ server: input.server }, ctx)).server
      : before.server;
  const caData =
    input.caData === undefined ? before.caData : input.caData === null ? null : normalizeCaData(input.caData);
  const connectionChanged =
    server !== before.server ||
    caData !== before.caData ||
    insecureSkipTlsVerify !== before.insecureSkipTlsVerify;

  const updated = await prisma.$transaction(async (tx) => {
    const cluster = await tx.cluster.update({
      where: { id: before.id },
      data: {
        server,
        caData,
        insecureSkipTlsVerify,
        production,
        ...(input.zone !== undefined ? { zone: input.zone } : {}),
        ...(input.region !== undefined ? { region: input.region } : {}),
        ...(input.network !== undefined ? { network: input.network } : {}),
        ...(connectionChanged
          ? {
              status: "unknown" as const,
              statusMessage: "Connection settings changed; test the connection again.",
            }
          : {}),
      },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "cluster.update",
      targetType: "cluster",
      targetId: cluster.id,
      clusterName: cluster.name,
      requestId: ctx.requestId,
      before: clusterSettings(before),
      after: clusterSettings(cluster),
    });
    return cluster;
  });
  return toClusterDto(updated, await objectProblemsOf(updated.id));
}
