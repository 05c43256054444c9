import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { prisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Clusters" };

const STATUS_TONE = {
  reachable: "success",
  unreachable: "danger",
  error: "danger",
  unknown: "neutral",
} as const;

// Registered clusters and their last connection check.
export default async function ClustersPage() {
  await requirePermission("cluster:read");
  const clusters = await prisma.cluster.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      server: true,
      zone: true,
      status: true,
      istioVersion: true,
      production: true,
      lastCheckedAt: true,
    },
  });
  return (
    <>
      <PageHeader
        title="Clusters"
        description="Kubernetes clusters Portico renders and applies Istio configuration to."
      />
      {clusters.length === 0 ? (
        <EmptyState title="No clusters registered yet">
          <p>
            Register one with its API server and credentials, or start the demo clusters with{" "}
            <code>npm run sim</code> and register <code>east</code> and <code>west</code>.
          </p>
        </EmptyState>
      ) : (
        <Table caption="Registered clusters">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Zone</Th>
              <Th>API server</Th>
              <Th>Istio</Th>
              <Th>Status</Th>
              <Th>Last checked</Th>
            </tr>
          </THead>
          <TBody>
            {clusters.map((c) => (
              <tr key={c.id}>
                <Td className="font-medium">
                  {c.name} {c.production ? <Badge tone="warning">production</Badge> : null}
                </Td>
                <Td>{c.zone ?? "—"}</Td>
                <Td className="font-mono text-xs">{c.server}</Td>
                <Td>{c.istioVersion ?? "—"}</Td>
                <Td>
                  <Badge tone={STATUS_TONE[c.status]}>{c.status}</Badge>
                </Td>
                <Td>
                  {c.lastCheckedAt ? c.lastCheckedAt.toISOString().replace("T", " ").slice(0, 16) : "never"}
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
