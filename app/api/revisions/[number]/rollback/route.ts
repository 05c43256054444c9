import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { rollbackCreatedSchema } from "@/lib/api/schemas/revisions";
import { rollbackRevision } from "@/lib/revisions/rollback-revision";
import { parseRevisionNumber, rollbackSchema } from "@/lib/validations/revision";

// Restores an earlier revision's whole document as a new revision and queues its sync. It undoes
// every later revision, so it answers 409 naming them unless `confirmUndoing` lists exactly those
// or `force` is set. Permission: sync:rollback
export const POST = route(
  { permission: "sync:rollback", body: rollbackSchema, response: rollbackCreatedSchema },
  async ({ user, body, params, requestId }) => {
    const number = parseRevisionNumber(params.number);
    const revision = await prisma.$transaction((tx) =>
      rollbackRevision(tx, {
        toNumber: number,
        reason: body.reason,
        actor: user,
        requestId,
        override: body.override,
        confirmUndoing: body.confirmUndoing,
        force: body.force,
      }),
    );
    return json({ number: revision.number, id: revision.id }, { status: 201 });
  },
);
