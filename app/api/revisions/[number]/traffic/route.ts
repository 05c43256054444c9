import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { teamView } from "@/lib/export/team-view";
import { parseTopology } from "@/lib/topology";
import { buildGraph } from "@/lib/topology-graph";
import { prometheusTargetsFor } from "@/lib/traffic/prometheus-settings";
import { readEdgeRates } from "@/lib/traffic/read-edge-rates";
import { parseRevisionNumber } from "@/lib/validations/revision";

const query = z.object({
  window: z.coerce
    .number({ error: "window must be a number of seconds, e.g. 60." })
    .int({ error: "window must be a whole number of seconds, e.g. 60." })
    .min(5, { error: "window must be at least 5 seconds." })
    .max(3600, { error: "window must be at most 3600 seconds (one hour)." })
    .default(60),
});

// Live request rates on the edges of a revision's topology picture, from Prometheus (one query per
// Prometheus): host → gateway, client → gateway or service, gateway → service, with 5xx per second.
// No Prometheus configured, or one that cannot answer: 200 with fewer edges and a `note`. Team
// leads get the edges of their teams' view only. Reads only. Permission: topology:read
export const GET = route({ permission: "topology:read", query }, async ({ user, params, query: q }) => {
  const number = parseRevisionNumber(params.number);
  const revision = await prisma.revision.findUnique({
    where: { number },
    select: { number: true, document: true },
  });
  if (!revision) throw AppError.notFound(`Revision ${number}`);
  const parsed = parseTopology(revision.document);
  if (!parsed.ok) throw new AppError("INTERNAL", `Revision ${revision.number} no longer parses.`);
  // Note: the same view GET /api/revisions/{number} gives, so the edge ids match the picture's.
  const topology = canEverywhere(user, "topology:read")
    ? parsed.topology
    : teamView(parsed.topology, scopedProductSlugs(user, "topology:read"));
  const rates = await readEdgeRates(topology, buildGraph(topology, { signatures: false }), {
    prometheus: prometheusTargetsFor(topology.clusters.map((c) => c.name)),
    windowSeconds: q.window,
    timeoutMs: env().PORTICO_PROMETHEUS_TIMEOUT_S * 1000,
  });
  return json({ revision: revision.number, ...rates });
});
