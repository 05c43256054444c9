import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { compareResponseSchema } from "@/lib/api/schemas/revisions";
import { diffTopologies } from "@/lib/analysis/plan/diff-topologies";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { documentChanges, type Topology } from "@/lib/topology";
import { compareQuerySchema } from "@/lib/validations/revision";

// Compares two revisions: the parts of the document that differ and, per cluster, the rendered
// objects created, updated and deleted with a YAML diff each. `from` defaults to the parent of `to`;
// `product` narrows both to one product. Team leads compare their own products only.
// Permission: topology:read
export const GET = route(
  { permission: "topology:read", query: compareQuerySchema, response: compareResponseSchema },
  async ({ user, query }) => {
    if (!canEverywhere(user, "topology:read")) {
      const mine = scopedProductSlugs(user, "topology:read");
      if (!query.product || !mine.includes(query.product))
        throw AppError.notFound(
          `A comparison of ${query.product ? `product "${query.product}"` : "every product"} you may read (name one of your products: ${mine.join(", ") || "none"})`,
        );
    }
    const to = await prisma.revision.findUnique({
      where: { number: query.to },
      select: { number: true, document: true, parent: { select: { number: true, document: true } } },
    });
    if (!to) throw AppError.notFound(`Revision ${query.to}`);
    const from =
      query.from === undefined
        ? to.parent
        : await prisma.revision.findUnique({
            where: { number: query.from },
            select: { number: true, document: true },
          });
    if (query.from !== undefined && !from) throw AppError.notFound(`Revision ${query.from}`);
    const before = (from?.document ?? null) as Topology | null;
    const after = to.document as unknown as Topology;
    const changes = documentChanges(before, after).filter(
      (c) => !query.product || c.products.includes(query.product),
    );
    const clusters = diffTopologies(before, after, {
      labels: [`revision-${from?.number ?? 0}`, `revision-${to.number}`],
      product: query.product,
    }).filter((c) => c.objects.length > 0);
    return json({
      from: from?.number ?? null,
      to: to.number,
      product: query.product ?? null,
      changes,
      clusters,
    });
  },
);
