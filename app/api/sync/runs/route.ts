import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { syncRunsResponseSchema } from "@/lib/api/schemas/clusters";

const query = z.object({
  cluster: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

// Sync history, newest first, optionally for one cluster. Permission: sync:read
export const GET = route(
  { permission: "sync:read", query, response: syncRunsResponseSchema },
  async ({ query: q }) => {
    const runs = await prisma.syncRun.findMany({
      where: q.cluster ? { cluster: { name: q.cluster } } : {},
      orderBy: { startedAt: "desc" },
      take: q.limit,
      include: { cluster: { select: { name: true } }, revision: { select: { number: true } } },
    });
    return json({ runs });
  },
);
