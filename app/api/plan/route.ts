import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { planResponseSchema } from "@/lib/api/schemas/plan";
import { AppError } from "@/lib/errors/app-error";
import { analyze } from "@/lib/analysis/analyze";
import { parseTopology, type Topology } from "@/lib/topology";
import { requireNewestTopology } from "@/lib/revisions/newest-topology";
import { planTopology } from "@/lib/sync/plan-topology";
import { planSchema } from "@/lib/validations/revision";

// Plans a draft (or the newest revision) against every cluster it names: diffs, server-side dry
// runs and analyzer findings. Changes nothing. Permission: sync:read
export const POST = route(
  { permission: "sync:read", body: planSchema, response: planResponseSchema, maxBytes: 8 * 1024 * 1024 },
  async ({ body }) => {
    let topology: Topology;
    let revision: number | undefined;
    if (body.document === undefined) {
      ({ topology, number: revision } = await requireNewestTopology(prisma));
    } else {
      const parsed = parseTopology(body.document);
      if (!parsed.ok)
        throw AppError.unprocessable("The topology is invalid; fix it before planning.", {
          issues: parsed.errors,
        });
      topology = parsed.topology;
    }
    const [clusters, findings] = [await planTopology(prisma, topology, revision), analyze(topology)];
    return json({ revision: revision ?? null, findings, clusters });
  },
);
