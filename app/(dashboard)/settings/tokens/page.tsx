import type { Metadata } from "next";
import { TokenManager } from "@/components/tokens/token-manager";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API tokens" };

// The caller's API tokens for automation (CLI, CI pipelines).
export default async function TokensPage() {
  const user = await requirePermission("token:manage-own");
  const roles = [...new Set(user.bindings.map((b) => ROLE_LABELS[b.role]))];
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens authenticate automation with <code>Authorization: Bearer &lt;token&gt;</code>. Each acts
            with one of your roles and stops working when you lose that role.
          </>
        }
      />
      <TokenManager roles={roles} />
    </>
  );
}
