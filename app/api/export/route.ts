import { z } from "zod";
import { route } from "@/lib/api/handler";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { EXPORT_FORMATS, ExportInputError, exportTopology } from "@/lib/export/export-topology";
import { teamView } from "@/lib/export/team-view";
import { requireNewestTopology, requireRevisionTopology } from "@/lib/revisions/newest-topology";

const query = z.object({
  format: z
    .enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}.` })
    .default("istio"),
  product: z.string().trim().min(1).max(63).optional(),
  cluster: z.string().trim().min(1).max(63).optional(),
  revision: z.coerce
    .number({ error: "revision must be a revision number (1, 2, 3...)." })
    .int()
    .min(1)
    .optional(),
});

// Downloads a revision's desired state as multi-document YAML (Istio, Gateway API or the topology
// document), for the estate or one product. Team leads export their teams' part of the estate; to
// them another team's product is missing (404, the same answer as a product that does not exist).
// Permission: topology:read
export const GET = route({ permission: "topology:read", query }, async ({ user, query: q }) => {
  const revision = q.revision
    ? await requireRevisionTopology(prisma, q.revision)
    : await requireNewestTopology(prisma);
  let result;
  try {
    const topology = canEverywhere(user, "topology:read")
      ? revision.topology
      : teamView(revision.topology, scopedProductSlugs(user, "topology:read"));
    result = exportTopology(topology, {
      format: q.format,
      product: q.product,
      cluster: q.cluster,
      revision: revision.number,
    });
  } catch (err) {
    if (err instanceof ExportInputError) throw new AppError("NOT_FOUND", err.message);
    throw err;
  }
  return new Response(result.yaml, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
      "x-portico-revision": String(revision.number),
      "x-portico-objects": String(result.objectCount),
    },
  });
});
