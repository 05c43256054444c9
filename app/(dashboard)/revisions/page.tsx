import type { Metadata } from "next";
import { RevisionHistory } from "@/components/revisions/revision-history";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Revisions" };

function revisionParam(v: string | string[] | undefined): number | null {
  const n = typeof v === "string" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : null;
}

// The revision history: what each revision touched, a diff between any two, and rollback (one
// change, or a whole earlier state) after a confirmation. Audit events link here (?from=&to=).
export default async function RevisionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("topology:read");
  const raw = await searchParams;
  return (
    <>
      <PageHeader
        title="Revisions"
        description="Every recorded desired state: who changed what, for which products and clusters. Compare any two, undo one change, or roll back to an earlier state."
      />
      <RevisionHistory
        initialFrom={revisionParam(raw.from)}
        initialTo={revisionParam(raw.to)}
        initialProduct={typeof raw.product === "string" ? raw.product : undefined}
        canRollback={can(user, "sync:rollback")}
      />
    </>
  );
}
