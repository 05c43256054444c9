// Registers a cluster from a kubeconfig context or from an endpoint and its credentials. Stores the
// settings and the sealed credentials with the audit event in one transaction; the connection is
// tested separately (testClusterConnection) so that registering never waits on a slow cluster.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import type { ClusterCredentials } from "@/lib/k8s/cluster-connection";
import type { RegisterClusterInput } from "@/lib/validations/cluster";
import { clusterNameSchema } from "@/lib/validations/cluster";
import type { RegistryContext } from "./cluster-context";
import { sealClusterCredentials } from "./cluster-credentials";
import { clusterSettings, toClusterDto, type ClusterDto } from "./cluster-dto";
import { inClusterConnection } from "./in-cluster-connection";
import { connectionFromKubeconfig } from "./parse-kubeconfig";
import { normalizeCredentials, validateConnectionSettings } from "./validate-connection-settings";

type Resolved = {
  name: string;
  server: string;
  caData?: string | null;
  insecureSkipTlsVerify?: boolean;
  credentials: ClusterCredentials;
  source:
    | { via: "kubeconfig"; context: string }
    | { via: "endpoint" }
    | { via: "in-cluster"; namespace: string | null };
};

/** A cluster name from a kubeconfig context name (`arn:aws:eks:…/prod` → `prod`), when one fits. */
export function nameFromContext(context: string): string | undefined {
  const last = context.split(/[/:@]/).filter(Boolean).pop() ?? context;
  const candidate = last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return clusterNameSchema.safeParse(candidate).success ? candidate : undefined;
}

function resolve(input: RegisterClusterInput, ctx: RegistryContext): Resolved {
  if ("kubeconfig" in input) {
    const conn = connectionFromKubeconfig(input.kubeconfig, input.context);
    const name = input.name ?? nameFromContext(conn.context);
    if (!name)
      throw AppError.badRequest(
        `Give the cluster a name: the context "${conn.context}" does not make a valid one.`,
      );
    return { name, ...conn, source: { via: "kubeconfig", context: conn.context } };
  }
  if ("inCluster" in input) {
    const { namespace, ...conn } = inClusterConnection(ctx.inCluster);
    return { name: input.name, ...conn, source: { via: "in-cluster", namespace } };
  }
  const credentials: ClusterCredentials = input.token
    ? { token: input.token }
    : { clientCertificateData: input.clientCertificateData, clientKeyData: input.clientKeyData };
  return {
    name: input.name,
    server: input.server,
    caData: input.caData,
    insecureSkipTlsVerify: input.insecureSkipTlsVerify,
    credentials,
    source: { via: "endpoint" },
  };
}

function authKind(credentials: ClusterCredentials): string {
  if (credentials.tokenFile) return "bearer-file";
  return credentials.token ? "bearer" : "client-certificate";
}

export async function registerCluster(
  input: RegisterClusterInput,
  ctx: RegistryContext,
): Promise<ClusterDto> {
  const resolved = resolve(input, ctx);
  const settings = await validateConnectionSettings({ ...resolved, production: input.production }, ctx);
  const credentials = normalizeCredentials(resolved.credentials);
  if (await prisma.cluster.findUnique({ where: { name: resolved.name }, select: { id: true } })) {
    throw AppError.conflict(
      `A cluster named "${resolved.name}" is already registered; choose another name or rotate its credentials.`,
    );
  }
  const id = randomUUID();
  try {
    const cluster = await prisma.$transaction(async (tx) => {
      const created = await tx.cluster.create({
        data: {
          id,
          name: resolved.name,
          ...settings,
          zone: input.zone ?? null,
          region: input.region ?? null,
          network: input.network ?? null,
          production: input.production ?? false,
          ...sealClusterCredentials(id, credentials),
        },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "cluster.register",
        targetType: "cluster",
        targetId: created.id,
        clusterName: created.name,
        requestId: ctx.requestId,
        after: clusterSettings(created),
        metadata: { ...resolved.source, auth: authKind(credentials) },
      });
      return created;
    });
    // Registered just now: no object of it drifted or failed yet.
    return toClusterDto(cluster, { drifted: 0, errors: 0 });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw AppError.conflict(`A cluster named "${resolved.name}" is already registered.`);
    }
    throw err;
  }
}
