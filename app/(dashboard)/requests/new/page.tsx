import type { Metadata } from "next";
import { RequestForm } from "@/components/requests/request-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Request a gateway" };

// The gateway request form; team leads pick among their own teams only.
export default async function NewRequestPage() {
  const user = await requirePermission("request:create");
  const teams = await prisma.team.findMany({
    where: canEverywhere(user, "request:create") ? {} : { id: { in: scopedTeamIds(user, "request:create") } },
    orderBy: { name: "asc" },
    select: { slug: true, name: true, products: { select: { slug: true } } },
  });
  const clusters = await prisma.cluster.findMany({
    orderBy: { name: "asc" },
    select: { name: true, production: true },
  });
  return (
    <>
      <PageHeader
        title="Request a gateway"
        description="Ask for a gateway of your product's own: its hosts, namespace, clusters, TLS secret and routes. A platform engineer reviews the rendered Istio objects before anything is applied."
      />
      <RequestForm
        teams={teams.map((t) => ({ slug: t.slug, name: t.name, products: t.products.map((p) => p.slug) }))}
        clusters={clusters}
      />
    </>
  );
}
