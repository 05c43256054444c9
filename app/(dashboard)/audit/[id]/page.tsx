import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditDiff } from "@/components/audit/audit-diff";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getAuditEvent } from "@/lib/audit/query-audit";
import { requirePermission } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors/app-error";
import { auditEventIdParam } from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit event" };

// One audit event with its before/after diff.
export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission("audit:read");
  const id = auditEventIdParam.safeParse((await params).id);
  if (!id.success) notFound();
  const event = await getAuditEvent(id.data).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <>
      <PageHeader
        title={`Audit event ${event.id}`}
        description={
          <Link href="/audit" className="text-indigo-700 hover:underline">
            Back to the audit log
          </Link>
        }
      />
      <Card className="mb-5">
        <CardHeader title={event.action} description={`${event.at.replace("T", " ").slice(0, 19)} UTC`} />
        <CardBody>
          <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Actor</dt>
            <dd>
              {event.actorEmail ?? "system"} {event.actorRole ? `(${event.actorRole})` : ""}
            </dd>
            <dt className="text-slate-600">Target</dt>
            <dd>
              {event.targetType} <span className="font-mono text-xs">{event.targetId}</span>
            </dd>
            <dt className="text-slate-600">Product / cluster</dt>
            <dd>
              {[
                event.products.length ? event.products.join(", ") : event.productSlug,
                event.clusters.length ? event.clusters.join(", ") : event.clusterName,
              ]
                .filter(Boolean)
                .join(" / ") || "—"}
              {String((event.after as { compare?: unknown } | null)?.compare ?? "").startsWith(
                "/revisions?",
              ) ? (
                <a
                  className="ml-2 text-indigo-700 underline"
                  href={String((event.after as { compare: string }).compare)}
                >
                  Compare with the revision before
                </a>
              ) : null}
            </dd>
            <dt className="text-slate-600">Request id</dt>
            <dd className="font-mono text-xs">{event.requestId ?? "—"}</dd>
          </dl>
        </CardBody>
      </Card>
      <AuditDiff before={event.before} after={event.after} />
      {event.metadata ? (
        <Card className="mt-5">
          <CardHeader title="Metadata" />
          <CardBody>
            <pre className="overflow-x-auto text-xs">{JSON.stringify(event.metadata, null, 2)}</pre>
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
