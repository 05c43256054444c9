import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors/app-error";
import { MigrationError, previewStep, requireApproval } from "@/lib/migration";
import { planTopology } from "@/lib/sync/plan-topology";
import { readLiveRouting } from "@/lib/sync/read-live-routing";
import { parseTopology } from "@/lib/topology";
import { migrationStepSchema } from "@/lib/validations/migration";

// Computes one migration step for a product on the newest revision: the draft, what it changes,
// the contract check, analyzer findings, the plan per cluster (with the clusters' dry runs) and
// whether the approval policy routes it to a request. Reads what the clusters hold for the
// contract check; changes nothing. Permission: migration:read
export const POST = route(
  { permission: "migration:read", body: migrationStepSchema },
  async ({ body, params }) => {
    const latest = await prisma.revision.findFirst({
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
    const product = params.product ?? "";
    if (!parsed.topology.products.some((p) => p.name === product))
      throw AppError.notFound(`Product "${product}" in revision ${latest.number}`);
    // What the clusters hold joins the contract check: a shared gateway the step drops from the
    // document still serves its hosts until someone removes them from it.
    const { live } = await readLiveRouting(
      prisma,
      parsed.topology.clusters.map((c) => c.name),
    );
    let preview;
    try {
      preview = previewStep(parsed.topology, product, body, { live });
    } catch (err) {
      if (err instanceof MigrationError) throw AppError.unprocessable(err.message);
      throw err;
    }
    const [plan, clusters, rules] = await Promise.all([
      planTopology(prisma, preview.topology),
      prisma.cluster.findMany({ select: { name: true, production: true } }),
      prisma.approvalRule.findMany({ select: { name: true, productionOnly: true, requiredApprovals: true } }),
    ]);
    const touched = plan
      .filter((c) => c.preview?.items.some((i) => i.action !== "unchanged"))
      .map((c) => c.cluster);
    const approval = requireApproval({ touched, clusters, rules });
    const blockers = [...preview.blockers];
    const conflicts: string[] = [];
    for (const c of plan) {
      if (c.error)
        blockers.push(
          `Cluster ${c.cluster} could not be planned (${c.error}); check its connection before applying.`,
        );
      // A dry run cannot see a namespace the same apply creates first; those refusals are expected.
      const created = new Set(
        (c.preview?.items ?? [])
          .filter((i) => i.kind === "Namespace" && i.action === "create")
          .map((i) => i.name),
      );
      for (const i of c.preview?.items ?? []) {
        if (!i.problem) continue;
        if (i.problem.kind === "notFound" && i.namespace && created.has(i.namespace)) continue;
        const what = `${c.cluster}: ${i.kind} ${i.namespace ? `${i.namespace}/` : ""}${i.name}`;
        // Note: a field conflict is another manager (kubectl, helm) owning what Portico now changes;
        // it is resolved by a forced sync after apply, not by changing the step.
        if (i.problem.kind === "conflict") conflicts.push(`${what} — ${i.problem.message}`);
        else blockers.push(`${what} — ${i.problem.message}`);
      }
    }
    return json({ baseRevision: latest.number, ...preview, blockers, conflicts, plan, touched, approval });
  },
);
