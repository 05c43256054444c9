import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { driftDescriptionSchema } from "@/lib/api/schemas/clusters";
import { describeDrift } from "@/lib/sync/describe-drift";

const query = z.object({
  /** Object key as the inventory shows it: apiVersion/kind/namespace/name. */
  key: z.string().min(3).max(600),
});

// One object live against desired: its YAML diff, the fields added outside Portico, and whether
// adopting the change is possible (or why not). Reads the cluster, changes nothing. Permission: sync:read
export const GET = route(
  { permission: "sync:read", query, response: driftDescriptionSchema },
  async ({ params, query: q }) =>
    json(await describeDrift(prisma, { cluster: params.name ?? "", key: q.key })),
);
