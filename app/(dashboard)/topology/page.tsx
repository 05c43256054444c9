import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Topology" };

// Products and their owners; team leads see their own teams' products only.
export default async function TopologyPage() {
  const user = await requirePermission("topology:read");
  const all = await prisma.product.findMany({
    orderBy: { slug: "asc" },
    include: { team: { select: { slug: true, name: true } } },
  });
  const products = all.filter((p) => can(user, "topology:read", { productSlug: p.slug }));
  const latest = await prisma.revision.findFirst({
    orderBy: { number: "desc" },
    select: { number: true, message: true, createdAt: true },
  });
  return (
    <>
      <PageHeader
        title="Topology"
        description={
          latest
            ? `Desired state at revision ${latest.number}: ${latest.message}`
            : "The desired gateways, routes and services of every product."
        }
      />
      {products.length === 0 ? (
        <EmptyState title="No products in the topology yet">
          {can(user, "topology:write") ? (
            <p>
              Import the shared ingress of a registered cluster to map each host and path to its product, or
              load the reference scenario with <code>npm run db:seed</code>.
            </p>
          ) : (
            <p>No product of your team is in the topology yet. Open a gateway request to ask for one.</p>
          )}
        </EmptyState>
      ) : (
        <Table caption="Products">
          <THead>
            <tr>
              <Th>Product</Th>
              <Th>Slug</Th>
              <Th>Team</Th>
            </tr>
          </THead>
          <TBody>
            {products.map((p) => (
              <tr key={p.id}>
                <Td className="font-medium">{p.name}</Td>
                <Td className="font-mono text-xs">{p.slug}</Td>
                <Td>{p.team.name}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
