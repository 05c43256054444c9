import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Migrations" };

// Migration plans per product: insert the gateway, split a service, add a second cluster.
export default async function MigrationsPage() {
  const user = await requirePermission("migration:read");
  return (
    <>
      <PageHeader
        title="Migrations"
        description="Each product moves from the shared ingress to its own gateway in verified, reversible steps."
      />
      <EmptyState title="No migration planned yet">
        {can(user, "topology:write") ? (
          <p>
            Import the shared ingress on the Topology page first; Portico then proposes a plan per product:
            insert the product gateway, move internal and external clients, and verify both gateways serve
            before the DNS switch.
          </p>
        ) : (
          <p>Platform engineers plan migrations; they will appear here with their progress once started.</p>
        )}
      </EmptyState>
    </>
  );
}
