// One migration step computed on the newest revision with what the clusters hold (for the contract
// check): shared by the preview, which shows it, and the apply, which records it.
import type { PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { MigrationError, previewStep, type StepInput } from "@/lib/migration";
import { assertProductInRevision, requireNewestTopology } from "@/lib/revisions/newest-topology";
import { readLiveRouting } from "@/lib/sync/read-live-routing";

export async function computeStep(db: PrismaClient, product: string, input: StepInput) {
  const latest = await requireNewestTopology(db);
  assertProductInRevision(latest, product);
  // What the clusters hold joins the contract check: a shared gateway the step drops from the
  // document still serves its hosts until someone removes them from it.
  const { live } = await readLiveRouting(
    db,
    latest.topology.clusters.map((c) => c.name),
  );
  try {
    return {
      baseRevision: latest.number,
      before: latest.topology,
      preview: previewStep(latest.topology, product, input, { live }),
    };
  } catch (err) {
    if (err instanceof MigrationError) throw AppError.unprocessable(err.message);
    throw err;
  }
}
