import { z } from "zod";
import { route } from "@/lib/api/handler";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import {
  EXPORT_FORMATS,
  ExportInputError,
  exportPerCluster,
  type ExportResult,
} from "@/lib/export/export-topology";
import { tarGz } from "@/lib/export/tar-gz";
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

// Downloads a revision's desired state (Istio, Gateway API or the topology document), for the
// estate or one product. Rendered objects come one stream per cluster: as YAML when one cluster is
// chosen (or the estate has one), else as a .tar.gz holding <cluster>.yaml for each, since two
// clusters hold objects of the same name that one stream would make one object. Team leads export
// their teams' part of the estate; to them another team's product is missing (404, the same answer
// as a product that does not exist).
// Permission: topology:read
export const GET = route({ permission: "topology:read", query }, async ({ user, query: q }) => {
  const revision = q.revision
    ? await requireRevisionTopology(prisma, q.revision)
    : await requireNewestTopology(prisma);
  let files: ExportResult[];
  try {
    const topology = canEverywhere(user, "topology:read")
      ? revision.topology
      : teamView(revision.topology, scopedProductSlugs(user, "topology:read"));
    files = exportPerCluster(topology, {
      format: q.format,
      product: q.product,
      cluster: q.cluster,
      revision: revision.number,
    });
  } catch (err) {
    if (err instanceof ExportInputError) throw new AppError("NOT_FOUND", err.message);
    throw err;
  }
  const headers = {
    "cache-control": "no-store",
    "x-portico-revision": String(revision.number),
    "x-portico-objects": String(files.reduce((n, f) => n + f.objectCount, 0)),
  };
  if (files.length === 1) {
    const [file] = files as [ExportResult];
    return new Response(file.yaml, {
      headers: {
        ...headers,
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
      },
    });
  }
  const archive = await tarGz(
    files.map((f) => ({ name: f.filename, text: f.yaml })),
    revision.createdAt,
  );
  const name = `portico-r${revision.number}-${q.product ?? "all"}-${q.format}.tar.gz`;
  return new Response(new Uint8Array(archive), {
    headers: {
      ...headers,
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="${name}"`,
    },
  });
});
