import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { teamView } from "@/lib/export/team-view";
import { scopeRevisionHistory } from "@/lib/revisions/revision-history-scope";
import { parseTopology, type DocumentChange } from "@/lib/topology";
import { parseRevisionNumber } from "@/lib/validations/revision";

// One revision with its document; team leads see only their teams' products in it, and its message
// and author only when the revision is theirs (see revision-history-scope.ts).
// Permission: topology:read
export const GET = route({ permission: "topology:read" }, async ({ user, params }) => {
  const number = parseRevisionNumber(params.number);
  const revision = await prisma.revision.findUnique({
    where: { number },
    include: { author: { select: { email: true, name: true } } },
  });
  if (!revision) throw AppError.notFound(`Revision ${number}`);
  if (canEverywhere(user, "topology:read")) return json(revision);
  const parsed = parseTopology(revision.document);
  if (!parsed.ok) throw new AppError("INTERNAL", `Revision ${revision.number} no longer parses.`);
  const [scoped] = await scopeRevisionHistory(prisma, user, [revision]);
  const mine = scopedProductSlugs(user, "topology:read");
  // Note: what the revision changed names other teams' products; a team lead sees their own part.
  const changes = ((revision.changes ?? []) as DocumentChange[]).filter(
    (c) => c.products.length > 0 && c.products.every((p) => mine.includes(p)),
  );
  return json({
    ...scoped,
    products: revision.products.filter((p) => mine.includes(p)),
    changes,
    document: teamView(parsed.topology, mine),
  });
});
