import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { undoCreatedSchema } from "@/lib/api/schemas/revisions";
import { undoRevision } from "@/lib/revisions/undo-revision";
import { parseRevisionNumber, undoSchema } from "@/lib/validations/revision";

// Undoes one revision's change as a new revision, three-way on the newest one: what later revisions
// changed stays. Parts both changed answer 409 with the conflicting paths unless resolved per path
// or forced. Permission: sync:rollback
export const POST = route(
  { permission: "sync:rollback", body: undoSchema, response: undoCreatedSchema },
  async ({ user, body, params, requestId }) => {
    const number = parseRevisionNumber(params.number);
    const { revision, plan } = await prisma.$transaction((tx) =>
      undoRevision(tx, {
        number,
        reason: body.reason,
        actor: user,
        requestId,
        override: body.override,
        resolutions: body.resolutions,
        force: body.force,
      }),
    );
    return json(
      {
        number: revision.number,
        id: revision.id,
        undone: number,
        reverted: plan.result.reverted,
        resolved: plan.result.resolved,
        products: revision.products,
        clusters: revision.clusters,
      },
      { status: 201 },
    );
  },
);
