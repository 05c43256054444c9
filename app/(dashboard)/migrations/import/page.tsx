import type { Metadata } from "next";
import Link from "next/link";
import { ImportWizard } from "@/components/migrations/import-wizard";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Import a shared ingress" };

// Journey step 0: read a cluster's shared ingress into the topology with an owner per host.
export default async function ImportPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePermission("topology:write");
  const { cluster } = await searchParams;
  return (
    <>
      <PageHeader
        title="Import a shared ingress"
        description="Map every host on a cluster's shared gateway to the product and team that own it."
        actions={
          <Link href="/migrations" className="text-sm text-indigo-700 underline">
            Back to migrations
          </Link>
        }
      />
      <ImportWizard initialCluster={cluster} />
    </>
  );
}
