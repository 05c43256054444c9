import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { probeResponseSchema } from "@/lib/api/schemas/migrations";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { AppError } from "@/lib/errors/app-error";
import { probeEvidence } from "@/lib/cutover/run-dns-stage";
import { recordMigrationEvent } from "@/lib/migration-records/record-migration-event";
import { probeProduct, ProbeInputError } from "@/lib/probe";
import { assertProductInRevision, requireNewestTopology } from "@/lib/revisions/newest-topology";
import { MAX_ACCESS_LOG_BYTES, probeLimits, probeRequestSchema } from "@/lib/validations/probe";

// Sends the product's call classes (and an uploaded access log's) to the shared and the product
// gateway of each registered cluster, at the addresses in their Services' status, and compares the
// answers. Changes nothing, but sends traffic to production gateways, so it needs the permission
// that runs migration steps. Permission: topology:write
export const POST = route(
  {
    permission: "topology:write",
    body: probeRequestSchema,
    response: probeResponseSchema,
    maxBytes: MAX_ACCESS_LOG_BYTES + 512 * 1024,
  },
  async ({ body, params, user, requestId }) => {
    const latest = await requireNewestTopology(prisma);
    const product = params.slug ?? "";
    assertProductInRevision(latest, product);
    const rows = await prisma.cluster.findMany({
      where: body.clusters ? { name: { in: body.clusters } } : {},
      orderBy: { name: "asc" },
    });
    const missing = (body.clusters ?? []).filter((c) => !rows.some((r) => r.name === c));
    if (missing.length) throw AppError.unprocessable(`Not registered: ${missing.join(", ")}.`);
    const clusters = rows.map((row) => ({
      name: row.name,
      client: openClusterClient(row, { retry: { maxAttempts: 2 }, timeoutMs: 10_000 }),
    }));
    try {
      const report = await probeProduct({
        topology: latest.topology,
        product,
        clusters,
        ca: body.ca,
        accessLog: body.accessLog,
        sharedService: body.sharedService,
        productService: body.productService,
        limits: probeLimits(body.budget),
      });
      // The probe is evidence of the product's cutover (step 1): kept with its migration record.
      const { id } = await prisma.revision.findUniqueOrThrow({
        where: { number: latest.number },
        select: { id: true },
      });
      await prisma.$transaction((tx) =>
        recordMigrationEvent(tx, {
          product,
          step: "insert",
          stage: "probe",
          kind: "cutover.probed",
          revision: { id, number: latest.number },
          evidence: probeEvidence(report),
          actor: user,
          requestId,
        }),
      );
      return json({ revision: latest.number, ...report });
    } catch (err) {
      if (err instanceof ProbeInputError) throw AppError.unprocessable(err.message);
      throw err;
    } finally {
      await Promise.all(clusters.map((c) => c.client.close()));
    }
  },
);
