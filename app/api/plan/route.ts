import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors/app-error";
import { analyze } from "@/lib/analysis/analyze";
import { parseTopology } from "@/lib/topology";
import { planTopology } from "@/lib/sync/plan-topology";
import { planSchema } from "@/lib/validations/revision";

// Plans a draft (or the newest revision) against every cluster it names: diffs, server-side dry
// runs and analyzer findings. Changes nothing. Permission: sync:read
export const POST = route(
  { permission: "sync:read", body: planSchema, maxBytes: 8 * 1024 * 1024 },
  async ({ body }) => {
    let source: unknown = body.document;
    let revision: number | undefined;
    if (source === undefined) {
      const latest = await prisma.revision.findFirst({ orderBy: { number: "desc" } });
      if (!latest)
        throw AppError.notFound("A revision to plan (none recorded yet; import or create one first)");
      source = latest.document;
      revision = latest.number;
    }
    const parsed = parseTopology(source);
    if (!parsed.ok)
      throw AppError.unprocessable("The topology is invalid; fix it before planning.", {
        issues: parsed.errors,
      });
    const [clusters, findings] = [
      await planTopology(prisma, parsed.topology, revision),
      analyze(parsed.topology),
    ];
    return json({ revision: revision ?? null, findings, clusters });
  },
);
