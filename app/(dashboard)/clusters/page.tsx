import type { Metadata } from "next";
import Link from "next/link";
import {
  ClusterHealthBadge,
  OBJECT_STATUSES,
  ObjectStatusBadge,
} from "@/components/clusters/cluster-status-badge";
import { istioLabel } from "@/components/clusters/istio-label";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listClusters } from "@/lib/clusters/list-clusters";
import { newestRevisionNumber } from "@/lib/revisions/newest-revision-number";

export const metadata: Metadata = { title: "Clusters" };

function when(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "never";
}

// Registered clusters: health (reachability from the last call to the API server and its age,
// drift), versions, how far behind the newest revision each is, and what its
// objects look like.
export default async function ClustersPage() {
  const user = await requirePermission("cluster:read");
  const canWrite = can(user, "cluster:write");
  const [clusters, newest] = await Promise.all([listClusters(), newestRevisionNumber()]);
  const register = canWrite ? (
    <Link href="/clusters/new" className={buttonClasses("primary")}>
      Register a cluster
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Clusters"
        description="Kubernetes clusters Portico renders and applies Istio configuration to, with their health and sync state."
        actions={register}
      />
      {clusters.length === 0 ? (
        <EmptyState title="No clusters registered yet" action={register}>
          <p>
            Register one with a kubeconfig or with its API server URL, CA and a service account token. To try
            Portico without a real cluster, start the demo clusters with <code>npm run sim</code> and register{" "}
            <code>east</code> and <code>west</code> from the kubeconfig it writes.
          </p>
          {!canWrite ? (
            <p className="mt-2">Your role cannot register clusters: ask a platform engineer.</p>
          ) : null}
        </EmptyState>
      ) : (
        <Table caption="Registered clusters">
          <THead
            columns={[
              "Name",
              "Health",
              "Zone / region",
              "Kubernetes",
              "Istio",
              "Last sync",
              "Revision",
              "Objects",
            ]}
          />
          <TBody>
            {clusters.map((c) => {
              const observed = c.observedRevision;
              const behind = newest !== null && observed !== null ? newest - observed : undefined;
              return (
                <tr key={c.id} data-testid={`cluster-row-${c.name}`}>
                  <Td className="font-medium">
                    <Link
                      href={`/clusters/${encodeURIComponent(c.name)}`}
                      className="text-indigo-700 underline-offset-2 hover:underline"
                    >
                      {c.name}
                    </Link>{" "}
                    {c.production ? <Badge tone="warning">production</Badge> : null}
                    {/* Note: cut with the whole address as title; the cluster's page shows it in full. */}
                    <div className="max-w-xs truncate font-mono text-xs text-slate-700" title={c.server}>
                      {c.server}
                    </div>
                  </Td>
                  <Td>
                    <ClusterHealthBadge health={c.health} compact />
                  </Td>
                  <Td>
                    {c.zone ?? "—"}
                    <div className="text-xs text-slate-700">{c.region ?? ""}</div>
                  </Td>
                  <Td>{c.kubernetesVersion ?? "—"}</Td>
                  <Td>{istioLabel(c) ?? "—"}</Td>
                  <Td>{when(c.lastSyncAt)}</Td>
                  <Td>
                    {observed === null ? (
                      <Badge tone="neutral">never synced</Badge>
                    ) : behind === 0 ? (
                      <Badge tone="success">in sync · #{observed}</Badge>
                    ) : (
                      <Badge tone="warning">
                        behind · #{observed} of #{newest}
                      </Badge>
                    )}
                  </Td>
                  <Td wrap="text">
                    {Object.keys(c.objects).length === 0 ? (
                      <span className="text-xs text-slate-700">none yet</span>
                    ) : (
                      <span className="flex flex-wrap gap-1">
                        {OBJECT_STATUSES.filter((s) => c.objects[s]).map((s) => (
                          <ObjectStatusBadge key={s} status={s} count={c.objects[s]} />
                        ))}
                      </span>
                    )}
                  </Td>
                </tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </>
  );
}
