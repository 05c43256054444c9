import type { Metadata } from "next";
import { MigrationsOverview } from "@/components/migrations/migrations-overview";
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
      <MigrationsOverview canWrite={can(user, "topology:write")} />
    </>
  );
}
