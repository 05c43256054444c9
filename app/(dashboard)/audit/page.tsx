import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { prisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Audit" };

// The latest audit events: who changed what, and when.
export default async function AuditPage() {
  await requirePermission("audit:read");
  const events = await prisma.auditEvent.findMany({ orderBy: { id: "desc" }, take: 100 });
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change Portico makes, with who made it and the before/after (secrets redacted)."
      />
      {events.length === 0 ? (
        <EmptyState title="No audit events yet">
          <p>
            Events appear here as soon as someone signs in, changes a role, registers a cluster or applies a
            revision.
          </p>
        </EmptyState>
      ) : (
        <Table caption="Latest audit events">
          <THead>
            <tr>
              <Th>When (UTC)</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Product / cluster</Th>
            </tr>
          </THead>
          <TBody>
            {events.map((e) => (
              <tr key={e.id.toString()}>
                <Td className="font-mono text-xs">{e.at.toISOString().replace("T", " ").slice(0, 19)}</Td>
                <Td>
                  {e.actorEmail ?? "system"}
                  {e.actorRole ? <span className="ml-1 text-xs text-slate-600">({e.actorRole})</span> : null}
                </Td>
                <Td className="font-mono text-xs">{e.action}</Td>
                <Td>
                  {e.targetType}
                  {e.targetId ? (
                    <span className="ml-1 font-mono text-xs text-slate-600">{e.targetId}</span>
                  ) : null}
                </Td>
                <Td>{[e.productSlug, e.clusterName].filter(Boolean).join(" / ") || "—"}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
