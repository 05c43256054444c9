import type { Metadata } from "next";
import { RequestForm } from "@/components/requests/request-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { requestFormOptions } from "@/lib/requests/request-form-options";

export const metadata: Metadata = { title: "Request a gateway" };

// The gateway request form; team leads pick among their own teams only.
export default async function NewRequestPage() {
  const user = await requirePermission("request:create");
  const { teams, clusters } = await requestFormOptions(user);
  return (
    <>
      <PageHeader
        title="Request a gateway"
        description="Ask for a gateway of your product's own: its hosts, namespace, clusters, TLS secret and routes. A platform engineer reviews the rendered Istio objects before anything is applied."
      />
      <RequestForm teams={teams} clusters={clusters} />
    </>
  );
}
