import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { revisionCreatedSchema, revisionListSchema } from "@/lib/api/schemas/revisions";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { createRevision } from "@/lib/revisions/create-revision";
import { scopeRevisionHistory } from "@/lib/revisions/revision-history-scope";
import { createRevisionSchema, listQuerySchema } from "@/lib/validations/revision";

// Lists revisions, newest first (documents left out), with the products and clusters each touched. Team leads get the message and author only of
// revisions of their own (see revision-history-scope.ts). Permission: topology:read
export const GET = route(
  { permission: "topology:read", query: listQuerySchema, response: revisionListSchema },
  async ({ user, query }) => {
    const rows = await prisma.revision.findMany({
      orderBy: { number: "desc" },
      take: query.limit,
      select: {
        id: true,
        authorId: true,
        number: true,
        message: true,
        documentHash: true,
        createdAt: true,
        rollbackOfId: true,
        products: true,
        clusters: true,
        parent: { select: { number: true } },
        author: { select: { email: true, name: true } },
      },
    });
    const scoped = await scopeRevisionHistory(prisma, user, rows);
    const rolledBack = await prisma.revision.findMany({
      where: { id: { in: rows.flatMap((r) => (r.rollbackOfId ? [r.rollbackOfId] : [])) } },
      select: { id: true, number: true },
    });
    const numberOf = new Map(rolledBack.map((r) => [r.id, r.number]));
    // Note: the products a revision touched name other teams' products too; a team lead sees theirs.
    const everywhere = canEverywhere(user, "topology:read");
    const mine = new Set(everywhere ? [] : scopedProductSlugs(user, "topology:read"));
    return json({
      revisions: scoped.map(({ id: _id, authorId: _author, parent, ...r }) => ({
        ...r,
        products: everywhere ? r.products : r.products.filter((p) => mine.has(p)),
        parentNumber: parent?.number ?? null,
        rollbackOfNumber: r.rollbackOfId ? (numberOf.get(r.rollbackOfId) ?? null) : null,
      })),
    });
  },
);

// Records a new desired state and queues its sync to every cluster it names; analyzer errors refuse it
// unless a platform engineer overrides them with a reason. Permission: topology:write
export const POST = route(
  {
    permission: "topology:write",
    body: createRevisionSchema,
    response: revisionCreatedSchema,
    maxBytes: 8 * 1024 * 1024,
  },
  async ({ user, body, requestId }) => {
    const revision = await prisma.$transaction((tx) =>
      createRevision(tx, {
        document: body.document,
        message: body.message,
        actor: user,
        requestId,
        override: body.override,
      }),
    );
    return json(
      { number: revision.number, id: revision.id, documentHash: revision.documentHash },
      { status: 201 },
    );
  },
);
