import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { forcePreviewSchema } from "@/lib/api/schemas/clusters";
import { previewForce } from "@/lib/sync/preview-force";

// What a forced sync of the cluster would change and remove, per object (the cluster's own dry run),
// and the objects it would refuse to take over. Changes nothing. Permission: sync:read
export const GET = route({ permission: "sync:read", response: forcePreviewSchema }, async ({ params }) =>
  json(await previewForce(prisma, params.name ?? "")),
);
