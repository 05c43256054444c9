import type { Metadata } from "next";
import Link from "next/link";
import { RequestStatusBadge } from "@/components/requests/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listRequests } from "@/lib/requests/get-request";

export const metadata: Metadata = { title: "Requests" };

// Gateway requests; team leads see their own teams' requests only.
export default async function RequestsPage() {
  const user = await requirePermission("request:read");
  const requests = await listRequests(user, { limit: 100 });
  return (
    <>
      <PageHeader
        title="Requests"
        description="Requests for new product gateways, reviewed with the rendered Istio diff and its blast radius."
        actions={
          <>
            {/* Approval rules live under settings; reached from here, where they take effect. */}
            {can(user, "settings:read") ? (
              <Link href="/settings/approval-rules" className={buttonClasses("secondary")}>
                Approval rules
              </Link>
            ) : null}
            {can(user, "request:create") ? (
              <Link href="/requests/new" className={buttonClasses("primary")}>
                Request a gateway
              </Link>
            ) : null}
          </>
        }
      />
      {requests.length === 0 ? (
        <EmptyState title="No gateway requests yet">
          {can(user, "request:create") ? (
            <p>
              Request a gateway for a product: its hosts, namespace, clusters and TLS secret. A platform
              engineer reviews it.
            </p>
          ) : (
            <p>Team leads create requests for their products; they appear here for review.</p>
          )}
        </EmptyState>
      ) : (
        <Table caption="Gateway requests">
          <THead columns={["Product", "Team", "Requested by", "Status", "Created"]} />
          <TBody>
            {requests.map((r) => (
              <tr key={r.id}>
                <Td className="font-medium">
                  <Link
                    href={`/requests/${r.id}`}
                    className="text-indigo-700 underline-offset-2 hover:underline"
                  >
                    {r.product}
                  </Link>
                </Td>
                <Td>{r.team ?? "—"}</Td>
                <Td>{r.requester ?? "—"}</Td>
                <Td>
                  <RequestStatusBadge status={r.status} />
                </Td>
                <Td>{r.createdAt.slice(0, 10)}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
