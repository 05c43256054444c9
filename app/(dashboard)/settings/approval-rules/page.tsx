import type { Metadata } from "next";
import { ApprovalRulesEditor } from "@/components/requests/approval-rules-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Approval rules" };

// The rules gateway requests must meet before they become a revision.
export default async function ApprovalRulesPage() {
  const user = await requirePermission("settings:read");
  return (
    <>
      <PageHeader
        title="Approval rules"
        description="How many approvals a gateway request needs, and whether its requester may approve it. The strictest applying rule wins."
      />
      <ApprovalRulesEditor canWrite={can(user, "settings:write")} />
    </>
  );
}
