import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClusterDetail } from "@/components/clusters/cluster-detail";
import { ClusterHealthBadge } from "@/components/clusters/cluster-status-badge";
import { istioLabel } from "@/components/clusters/istio-label";
import { PorticoAccessList } from "@/components/clusters/connection-checklist";
import { TestConnection } from "@/components/clusters/test-connection-button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pageParam } from "@/lib/api/hostile-input";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getCluster } from "@/lib/clusters/get-cluster";
import { isAppError } from "@/lib/errors/app-error";
import { newestRevisionNumber } from "@/lib/revisions/newest-revision-number";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Cluster ${pageParam((await params).name) ?? "not found"}` };
}

// One cluster: connection, gateway health, inventory, sync history and actions.
export default async function ClusterPage({ params }: Params) {
  const user = await requirePermission("cluster:read");
  const name = pageParam((await params).name);
  if (!name) notFound();
  const [cluster, newest] = await Promise.all([
    getCluster(name).catch((err: unknown) => {
      if (isAppError(err) && err.code === "NOT_FOUND") notFound();
      throw err;
    }),
    newestRevisionNumber(),
  ]);
  return (
    <>
      <PageHeader
        title={`Cluster ${cluster.name}`}
        description={
          <>
            <ClusterHealthBadge health={cluster.health} />
            <br />
            <span className="font-mono text-xs">{cluster.server}</span> · zone {cluster.zone ?? "unknown"} ·
            region {cluster.region ?? "unknown"} · Kubernetes {cluster.kubernetesVersion ?? "?"} · Istio{" "}
            {istioLabel(cluster) ?? "?"}
          </>
        }
        actions={
          <Link href="/clusters" className="text-sm text-indigo-700 underline-offset-2 hover:underline">
            All clusters
          </Link>
        }
      />
      <div className="space-y-5">
        <ClusterDetail
          name={cluster.name}
          newestRevision={newest}
          canReadSync={can(user, "sync:read")}
          canSync={can(user, "sync:apply")}
          canAdopt={can(user, "topology:write")}
        />
        <Card>
          <CardHeader
            title="Connection"
            description={cluster.statusMessage ?? "The last connection check of this cluster."}
          />
          <CardBody className="space-y-3">
            {can(user, "cluster:write") ? (
              <TestConnection name={cluster.name} initial={cluster.checkReport} />
            ) : cluster.checkReport ? (
              <p className="text-sm text-slate-800">
                Last checked {cluster.lastCheckedAt?.replace("T", " ").slice(0, 16)} UTC:{" "}
                {cluster.checkReport.status}.
              </p>
            ) : (
              <p className="text-sm text-slate-700">Not checked yet.</p>
            )}
            <PorticoAccessList />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
