import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors/app-error";
import { inventoryResponseSchema } from "@/lib/api/schemas/clusters";

// What Portico applied to a cluster and what it last saw there, per object. Permission: sync:read
export const GET = route(
  { permission: "sync:read", response: inventoryResponseSchema },
  async ({ params }) => {
    const cluster = await prisma.cluster.findUnique({
      where: { name: params.name ?? "" },
      select: {
        id: true,
        name: true,
        status: true,
        statusMessage: true,
        lastSyncAt: true,
        observedRevision: { select: { number: true } },
      },
    });
    if (!cluster) throw AppError.notFound(`Cluster "${params.name}"`);
    const objects = await prisma.inventoryObject.findMany({
      where: { clusterId: cluster.id },
      orderBy: [{ kind: "asc" }, { namespace: "asc" }, { name: "asc" }],
      omit: { clusterId: true },
    });
    const { id: _id, ...rest } = cluster;
    return json({ cluster: rest, objects });
  },
);
