import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import pkg from "@/package.json";

const liveResponse = z.object({ status: z.literal("ok"), version: z.string() });

// Liveness: the process answers. Never touches the database, so an outage of Postgres does not make
// Kubernetes restart every pod. Permission: public
export const GET = route({ permission: "public", response: liveResponse }, async () =>
  json({ status: "ok", version: pkg.version } satisfies z.infer<typeof liveResponse>, {
    headers: { "cache-control": "no-store" },
  }),
);

export const dynamic = "force-dynamic";
