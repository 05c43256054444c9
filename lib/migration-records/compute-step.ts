// One migration step computed on the newest revision with what the clusters hold (for the contract
// check): shared by the preview, which shows it, and the apply, which records it.
import type { PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { MigrationError, previewStep, type StepInput } from "@/lib/migration";
import { readLiveRouting } from "@/lib/sync/read-live-routing";
import { parseTopology } from "@/lib/topology";

export async function computeStep(db: PrismaClient, product: string, input: StepInput) {
  const latest = await db.revision.findFirst({
    orderBy: { number: "desc" },
    select: { number: true, document: true },
  });
  if (!latest)
    throw AppError.notFound(
      "A revision to migrate from (none recorded yet; import the shared ingress first)",
    );
  const parsed = parseTopology(latest.document);
  if (!parsed.ok)
    throw AppError.conflict(`Revision ${latest.number} is not a valid topology; fix it before migrating.`);
  if (!parsed.topology.products.some((p) => p.name === product))
    throw AppError.notFound(`Product "${product}" in revision ${latest.number}`);
  // What the clusters hold joins the contract check: a shared gateway the step drops from the
  // document still serves its hosts until someone removes them from it.
  const { live } = await readLiveRouting(
    db,
    parsed.topology.clusters.map((c) => c.name),
  );
  try {
    return {
      baseRevision: latest.number,
      before: parsed.topology,
      preview: previewStep(parsed.topology, product, input, { live }),
    };
  } catch (err) {
    if (err instanceof MigrationError) throw AppError.unprocessable(err.message);
    throw err;
  }
}
