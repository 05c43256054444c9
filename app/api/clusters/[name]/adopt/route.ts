import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { adoptDrift } from "@/lib/sync/adopt-drift";

const body = z.strictObject({
  /** Object key as the inventory shows it: apiVersion/kind/namespace/name. */
  key: z.string().min(3).max(600),
});

// Makes a drifted object's live state the desired state (a new revision). Permission: topology:write
export const POST = route(
  { permission: "topology:write", body },
  async ({ user, body: b, params, requestId }) =>
    json(await adoptDrift(prisma, { cluster: params.name ?? "", key: b.key, actor: user, requestId }), {
      status: 201,
    }),
);
