import type { Metadata } from "next";
import { revisionGraphUrl } from "@/components/topology/revision-graph-url";
import { TopologyExplorer } from "@/components/topology/topology-explorer";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { canEverywhere } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { scopeRevisionHistory } from "@/lib/revisions/revision-history-scope";

export const metadata: Metadata = { title: "Topology" };

// The desired state as a picture. Team leads see their own teams' products only.
export default async function TopologyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const asNumber = (v: string | string[] | undefined) =>
    typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
  const user = await requirePermission("topology:read");
  const revisions = await scopeRevisionHistory(
    prisma,
    user,
    await prisma.revision.findMany({
      orderBy: { number: "desc" },
      take: 100,
      select: { id: true, authorId: true, number: true, message: true, createdAt: true },
    }),
  );
  const known = (n: number | undefined) => (revisions.some((r) => r.number === n) ? n : undefined);
  const shown = known(asNumber(sp.revision)) ?? revisions[0]?.number;
  const allowedProducts = canEverywhere(user, "topology:read")
    ? null
    : [...new Set(user.bindings.flatMap((b) => b.productSlugs ?? []))].sort();
  return (
    <>
      {/* Note: the browser starts downloading the graph with the HTML, not after the page's scripts
          have run; the client's fetch of the same URL then uses the preloaded answer. A <link> in
          the markup, since react-dom's preload() reached the browser only with the scripts. */}
      {shown !== undefined ? (
        <link
          rel="preload"
          href={revisionGraphUrl(shown, known(asNumber(sp.compare)))}
          as="fetch"
          crossOrigin="anonymous"
        />
      ) : null}
      <PageHeader
        title="Topology"
        description="Hosts and internal clients → gateways → services, per cluster and namespace, with the analyzer's findings. Click a node (or focus it and press Enter) for its details and rendered YAML."
      />
      {revisions.length === 0 ? (
        <EmptyState title="No topology yet">
          <p>
            Import the shared ingress from a cluster on the Migrations page, load the reference scenario with{" "}
            <code>npm run db:seed -- --reference-revision</code>, or POST a topology document to{" "}
            <code>/api/revisions</code>.
          </p>
        </EmptyState>
      ) : (
        <TopologyExplorer
          revisions={revisions.map((r) => ({
            number: r.number,
            message: r.message,
            createdAt: r.createdAt.toISOString(),
          }))}
          allowedProducts={allowedProducts}
          initialRevision={asNumber(sp.revision)}
          initialCompare={asNumber(sp.compare)}
        />
      )}
    </>
  );
}
