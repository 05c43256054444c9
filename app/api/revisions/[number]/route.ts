import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors/app-error";
import { revisionNumberParam } from "@/lib/validations/revision";

// One revision with its document. Permission: topology:read
export const GET = route({ permission: "topology:read" }, async ({ params }) => {
  const number = revisionNumberParam.safeParse(params.number);
  if (!number.success) throw AppError.badRequest(`"${params.number}" is not a revision number; use 1, 2, 3...`);
  const revision = await prisma.revision.findUnique({
    where: { number: number.data },
    include: { author: { select: { email: true, name: true } } },
  });
  if (!revision) throw AppError.notFound(`Revision ${number.data}`);
  return json(revision);
});
