import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { stepPreviewResponseSchema } from "@/lib/api/schemas/migrations";
import { requireApproval } from "@/lib/migration";
import { computeStep } from "@/lib/migration-records/compute-step";
import { cutOverBlockers, isCutOver, readCutOverFacts } from "@/lib/migration-records/cut-over-facts";
import { planTopology } from "@/lib/sync/plan-topology";
import { migrationStepSchema } from "@/lib/validations/migration";

// Computes one migration step for a product on the newest revision: the draft, what it changes,
// the contract check, analyzer findings, the plan per cluster (with the clusters' dry runs) and
// whether the approval policy routes it to a request; for step 1's cut-over, the gate on DNS and the
// drain as the apply will judge it. Reads what the clusters hold for the
// contract check; changes nothing. Permission: migration:read
export const POST = route(
  { permission: "migration:read", body: migrationStepSchema, response: stepPreviewResponseSchema },
  async ({ body, params }) => {
    const { baseRevision, before, preview } = await computeStep(prisma, params.product ?? "", body);
    const [plan, clusters, rules] = await Promise.all([
      planTopology(prisma, preview.topology),
      prisma.cluster.findMany({ select: { name: true, production: true } }),
      prisma.approvalRule.findMany({ select: { name: true, productionOnly: true, requiredApprovals: true } }),
    ]);
    const touched = plan
      .filter((c) => c.preview?.items.some((i) => i.action !== "unchanged"))
      .map((c) => c.cluster);
    const approval = requireApproval({ touched, clusters, rules });
    // Step 1's cut-over: the gate as the apply will judge it (DNS and the drain, read now).
    const cutOver = isCutOver(body)
      ? await readCutOverFacts(before, params.product ?? "", preview)
      : undefined;
    // Blockers of the plan (each cluster's dry run); the step's own come first.
    const blockers: string[] = [];
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
    const stepBlockers = cutOver
      ? cutOverBlockers(
          preview.blockers,
          cutOver,
          cutOver.checks.every((c) => c.pass),
        )
      : preview.blockers;
    return json({
      baseRevision,
      ...preview,
      blockers: [...stepBlockers, ...blockers],
      conflicts,
      plan,
      touched,
      approval,
      ...(cutOver
        ? {
            cutOver: {
              checks: cutOver.checks,
              dns: cutOver.evidence.dns,
              drain: cutOver.evidence.drain,
              movedCalls: cutOver.moved.length,
              /** What would still block with the gate overridden (a written reason in `gateOverride`). */
              blockersWithOverride: [...cutOverBlockers(preview.blockers, cutOver, true), ...blockers],
            },
          }
        : {}),
    });
  },
);
