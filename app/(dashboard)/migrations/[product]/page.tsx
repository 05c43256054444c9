import type { Metadata } from "next";
import Link from "next/link";
import { MigrationWizard } from "@/components/migrations/migration-wizard";
import { PageHeader } from "@/components/ui/page-header";
import { notFound } from "next/navigation";
import { pageParam } from "@/lib/api/hostile-input";
import { requirePermission } from "@/lib/auth/current-user";
import { can, canEverywhere } from "@/lib/auth/permissions";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ product: string }>;
}): Promise<Metadata> {
  return { title: `Migrate ${pageParam((await params).product) ?? "a product"}` };
}

// The migration wizard of one product: journey steps 1 to 3 with plan, checks, apply, verify, rollback.
export default async function ProductMigrationPage({ params }: { params: Promise<{ product: string }> }) {
  const user = await requirePermission("migration:read");
  const product = pageParam((await params).product);
  if (!product) notFound();
  return (
    <>
      <PageHeader
        title={`Migrate ${product}`}
        description="From the shared ingress to the product's own gateway, one verified and reversible step at a time."
        actions={
          <Link href="/migrations" className="text-sm text-indigo-700 underline">
            All products
          </Link>
        }
      />
      <MigrationWizard
        product={product}
        canApply={can(user, "topology:write")}
        canRollback={can(user, "sync:rollback")}
        canForce={can(user, "sync:apply")}
        canOverrideAnalysis={canEverywhere(user, "topology:override-analysis")}
      />
    </>
  );
}
