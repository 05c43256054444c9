import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { trafficResponseSchema } from "@/lib/api/schemas/migrations";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { currentSetting } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { newestTopology } from "@/lib/revisions/newest-topology";
import { DEFAULT_MAX_ERROR_RATE, readDrainStatus } from "@/lib/traffic/drain-status";
import { prometheusUrlsFor } from "@/lib/traffic/prometheus-settings";

const query = z.object({
  window: z.coerce
    .number({ error: "window must be a number of seconds, e.g. 600." })
    .int({ error: "window must be a whole number of seconds, e.g. 600." })
    .min(5, { error: "window must be at least 5 seconds." })
    .max(86_400, { error: "window must be at most 86400 seconds (one day)." })
    .optional(),
  maxErrorRate: z.coerce
    .number({ error: "maxErrorRate must be a share between 0 and 1, e.g. 0.01." })
    .min(0, { error: "maxErrorRate must be a share between 0 and 1, e.g. 0.01." })
    .max(1, { error: "maxErrorRate must be a share between 0 and 1, e.g. 0.01." })
    .optional(),
});

// The product's drain status from Prometheus (PORTICO_PROMETHEUS_URL): requests the shared gateway
// still routes to it and from whom, the product gateway's rate and 5xx share, how internal clients
// reach it; "unknown" without Prometheus. Reads only; a team lead sees their teams' products, and
// another team's product answers 404 like a missing one. Permission: topology:read
export const GET = route(
  { permission: "topology:read", query, response: trafficResponseSchema },
  async ({ user, params, query: q }) => {
    const product = params.slug ?? "";
    const newest = await newestTopology(prisma);
    // Another team's product answers exactly like one that is not in the estate.
    const visible =
      newest?.topology.products.some((p) => p.name === product) &&
      (canEverywhere(user, "topology:read") || scopedProductSlugs(user, "topology:read").includes(product));
    if (!newest || !visible) throw AppError.notFound(`Product "${product}" in the newest revision`);
    const windowSeconds = q.window ?? currentSetting("PORTICO_DRAIN_WINDOW_SECONDS");
    const [status] = await readDrainStatus(
      newest.topology,
      {
        prometheusUrls: prometheusUrlsFor(newest.topology.clusters.map((c) => c.name)),
        windowSeconds,
        timeoutMs: currentSetting("PORTICO_PROMETHEUS_TIMEOUT_S") * 1000,
        maxErrorRate: q.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE,
      },
      [product],
    );
    return json({ revision: newest.number, ...status });
  },
);
