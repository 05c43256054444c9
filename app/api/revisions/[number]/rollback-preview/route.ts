import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { rollbackPreviewResponseSchema } from "@/lib/api/schemas/revisions";
import { planRestore } from "@/lib/revisions/rollback-revision";
import { planUndo } from "@/lib/revisions/undo-revision";
import { planTopology } from "@/lib/sync/plan-topology";
import { parseRevisionNumber, rollbackPreviewSchema } from "@/lib/validations/revision";

// What a rollback would write, before anything is: `undo` (one revision's change, three-way) or
// `restore` (a whole earlier state, naming every revision it undoes), with the parts it changes,
// the conflicts to settle and per cluster what a sync would create, update and delete (the plan
// preview with the clusters' dry runs). Writes nothing. Permission: sync:read
export const POST = route(
  { permission: "sync:read", body: rollbackPreviewSchema, response: rollbackPreviewResponseSchema },
  async ({ body, params }) => {
    const number = parseRevisionNumber(params.number);
    if (body.mode === "undo") {
      const plan = await planUndo(prisma, number, body);
      return json({
        mode: "undo",
        revision: plan.target.number,
        newest: plan.newest,
        changes: plan.changes,
        reverted: plan.result.reverted,
        resolved: plan.result.resolved,
        conflicts: plan.conflicts,
        undoes: [],
        plan: await planTopology(prisma, plan.result.topology),
      });
    }
    const plan = await planRestore(prisma, number);
    return json({
      mode: "restore",
      revision: plan.target.number,
      newest: plan.newest,
      changes: plan.changes,
      reverted: [],
      resolved: [],
      conflicts: [],
      undoes: plan.undoes,
      plan: await planTopology(prisma, plan.topology),
    });
  },
);
