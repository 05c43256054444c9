import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { listAuditActions } from "@/lib/audit/list-audit-actions";
import { listAudit } from "@/lib/audit/query-audit";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { auditListQuerySchema } from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit" };

const FILTER_KEYS = ["actor", "product", "cluster", "action", "from", "to"] as const;

/** Revision events link to the compare view of their change. */
function compareHref(after: unknown): string | null {
  const link = (after as { compare?: unknown } | null)?.compare;
  return typeof link === "string" && link.startsWith("/revisions?") ? link : null;
}

// The audit log, filtered and paginated on the server: who changed what, and when.
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("audit:read");
  const raw = await searchParams;
  const values: AuditFilterValues = {};
  for (const k of FILTER_KEYS) {
    const v = raw[k];
    if (typeof v === "string" && v) values[k] = v;
  }
  const parsed = auditListQuerySchema.safeParse({
    ...values,
    before: typeof raw.before === "string" ? raw.before : undefined,
    limit: "50",
  });
  const [page, actions] = await Promise.all([
    parsed.success ? listAudit(parsed.data) : { events: [], nextBefore: null },
    listAuditActions(),
  ]);
  const qs = new URLSearchParams(values as Record<string, string>);
  const exportHref = (format: string) =>
    `/api/audit/export?${new URLSearchParams({ ...values, format } as Record<string, string>)}`;
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change Portico makes, with who made it and the before/after (secrets redacted)."
        actions={
          can(user, "audit:export") ? (
            <>
              <a href={exportHref("csv")} className={buttonClasses("secondary")} download>
                Export CSV
              </a>
              <a href={exportHref("json")} className={buttonClasses("secondary")} download>
                Export JSON
              </a>
            </>
          ) : undefined
        }
      />
      <AuditFilters values={values} actions={actions} />
      {!parsed.success ? (
        <Alert tone="error" title="The filter is not valid">
          {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </Alert>
      ) : page.events.length === 0 ? (
        <EmptyState title="No audit events match">
          <p>
            Events appear as soon as someone signs in, changes a role, registers a cluster or applies a
            revision.
          </p>
        </EmptyState>
      ) : (
        <>
          <Table caption="Audit events, newest first">
            <THead columns={["When (UTC)", "Actor", "Action", "Target", "Product / cluster"]} />
            <TBody>
              {page.events.map((e) => (
                <tr key={e.id}>
                  <Td className="font-mono text-xs">
                    <Link
                      href={`/audit/${e.id}`}
                      className="text-indigo-700 underline-offset-2 hover:underline"
                    >
                      {e.at.replace("T", " ").slice(0, 19)}
                    </Link>
                  </Td>
                  <Td>
                    {e.actorEmail ?? "system"}
                    {e.actorRole ? (
                      <span className="ml-1 text-xs text-slate-600">({e.actorRole})</span>
                    ) : null}
                  </Td>
                  <Td className="font-mono text-xs">{e.action}</Td>
                  <Td>
                    {e.targetType}
                    {e.targetId ? (
                      <span className="ml-1 font-mono text-xs text-slate-600">{e.targetId}</span>
                    ) : null}
                  </Td>
                  <Td>
                    {[
                      e.products.length ? e.products.join(", ") : e.productSlug,
                      e.clusters.length ? e.clusters.join(", ") : e.clusterName,
                    ]
                      .filter(Boolean)
                      .join(" / ") || "—"}
                    {compareHref(e.after) ? (
                      <Link href={compareHref(e.after)!} className="ml-2 text-xs text-indigo-700 underline">
                        diff
                      </Link>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <nav aria-label="Audit pages" className="mt-3 flex gap-2">
            {raw.before ? (
              <Link href={`/audit?${qs}`} className={buttonClasses("secondary")}>
                Newest
              </Link>
            ) : null}
            {page.nextBefore ? (
              <Link
                href={`/audit?${new URLSearchParams({ ...Object.fromEntries(qs), before: page.nextBefore })}`}
                className={buttonClasses("secondary")}
              >
                Older
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
