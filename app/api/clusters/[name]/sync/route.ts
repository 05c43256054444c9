import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { syncQueuedSchema } from "@/lib/api/schemas/clusters";
import { requestSync } from "@/lib/sync/request-sync";
import { syncRequestSchema } from "@/lib/validations/revision";

// Queues a sync of one cluster now: plain, revert drift, or force through field conflicts.
// Permission: sync:apply
export const POST = route(
  { permission: "sync:apply", body: syncRequestSchema, response: syncQueuedSchema },
  async ({ user, body, params, requestId }) => {
    await requestSync(prisma, { cluster: params.name ?? "", mode: body.mode, actor: user, requestId });
    return json({ queued: true, cluster: params.name, mode: body.mode }, { status: 202 });
  },
);
