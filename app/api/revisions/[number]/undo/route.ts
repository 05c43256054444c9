import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { undoCreatedSchema } from "@/lib/api/schemas/revisions";
import { AppError } from "@/lib/errors/app-error";
import { undoRevision } from "@/lib/revisions/undo-revision";
import { revisionNumberParam, undoSchema } from "@/lib/validations/revision";

// Undoes one revision's change as a new revision, three-way on the newest one: what later revisions
// changed stays. Parts both changed answer 409 with the conflicting paths unless resolved per path
// or forced. Permission: sync:rollback
export const POST = route(
  { permission: "sync:rollback", body: undoSchema, response: undoCreatedSchema },
  async ({ user, body, params, requestId }) => {
    const number = revisionNumberParam.safeParse(params.number);
    if (!number.success)
      throw AppError.badRequest(`"${params.number}" is not a revision number; use 1, 2, 3...`);
    const { revision, plan } = await prisma.$transaction((tx) =>
      undoRevision(tx, {
        number: number.data,
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
        undone: number.data,
        reverted: plan.result.reverted,
        resolved: plan.result.resolved,
        products: revision.products,
        clusters: revision.clusters,
      },
      { status: 201 },
    );
  },
);
