import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RequestDetail } from "@/components/requests/request-detail";
import { RequestForm } from "@/components/requests/request-form";
import { PageHeader } from "@/components/ui/page-header";
import { pageParam } from "@/lib/api/hostile-input";
import { requirePermission } from "@/lib/auth/current-user";
import { can, canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import type { GatewayRequestPayload } from "@/lib/validations/request";

export const metadata: Metadata = { title: "Gateway request" };

// A gateway request: its requester follows it here, reviewers decide here.
export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("request:read");
  const id = pageParam((await params).id);
  if (!id) notFound();
  const request = await prisma.gatewayRequest.findUnique({
    where: { id },
    select: { id: true, teamId: true, productSlug: true, requesterId: true, status: true, payload: true },
  });
  // Another team's request answers 404, as the API does, so its existence is not revealed.
  if (!request || !can(user, "request:read", { teamId: request.teamId })) notFound();

  let editForm: React.ReactNode = null;
  if (request.requesterId === user.id && request.status === "changes_requested") {
    const teams = await prisma.team.findMany({
      where: canEverywhere(user, "request:create")
        ? {}
        : { id: { in: scopedTeamIds(user, "request:create") } },
      orderBy: { name: "asc" },
      select: { slug: true, name: true, products: { select: { slug: true } } },
    });
    const clusters = await prisma.cluster.findMany({
      orderBy: { name: "asc" },
      select: { name: true, production: true },
    });
    editForm = (
      <RequestForm
        requestId={id}
        initial={request.payload as GatewayRequestPayload}
        teams={teams.map((t) => ({ slug: t.slug, name: t.name, products: t.products.map((p) => p.slug) }))}
        clusters={clusters}
      />
    );
  }
  return (
    <>
      <PageHeader
        title={`Gateway for ${request.productSlug}`}
        description="Follow the request from submission to the clusters."
      />
      <RequestDetail
        id={id}
        userId={user.id}
        canReview={can(user, "request:review")}
        canPlan={can(user, "sync:read")}
        editForm={editForm}
      />
    </>
  );
}
