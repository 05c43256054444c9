import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RequestDetail } from "@/components/requests/request-detail";
import { RequestForm } from "@/components/requests/request-form";
import { PageHeader } from "@/components/ui/page-header";
import { pageParam } from "@/lib/api/hostile-input";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors/app-error";
import { getRequest } from "@/lib/requests/get-request";
import { requestFormOptions } from "@/lib/requests/request-form-options";

export const metadata: Metadata = { title: "Gateway request" };

// A gateway request: its requester follows it here, reviewers decide here.
export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("request:read");
  const id = pageParam((await params).id);
  if (!id) notFound();
  // Another team's request answers 404, as the API does, so its existence is not revealed.
  const request = await getRequest(user, id).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });

  let editForm: React.ReactNode = null;
  if (request.requesterId === user.id && request.status === "changes-requested") {
    const { teams, clusters } = await requestFormOptions(user);
    editForm = <RequestForm requestId={id} initial={request.payload} teams={teams} clusters={clusters} />;
  }
  return (
    <>
      <PageHeader
        title={`Gateway for ${request.product}`}
        description="Follow the request from submission to the clusters."
      />
      <RequestDetail
        initial={request}
        userId={user.id}
        canReview={can(user, "request:review")}
        canPlan={can(user, "sync:read")}
        editForm={editForm}
      />
    </>
  );
}
