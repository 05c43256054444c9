import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { STAGE_LABEL, type MigrationStage } from "@/lib/overview/migration-stage";
import { readClusterOverview, readProductOverview } from "@/lib/overview/read-overview";
import { readOverviewCounts } from "@/lib/overview/read-overview-counts";

export const metadata: Metadata = { title: "Overview" };

const STEPS = [
  {
    title: "Register a cluster",
    body: "Give Portico access to a cluster running Istio.",
    href: "/clusters",
    permission: "cluster:read",
  },
  {
    title: "Import the shared ingress",
    body: "Read the shared gateway's hosts and routes into an ownership map by product.",
    href: "/topology",
    permission: "topology:read",
  },
  {
    title: "Insert product gateways",
    body: "Plan and verify the cutover of each product to its own gateway.",
    href: "/migrations",
    permission: "migration:read",
  },
  {
    title: "Review requests",
    body: "Team leads request gateways; platform engineers approve them with the rendered diff.",
    href: "/requests",
    permission: "request:read",
  },
] as const;

// Where the migration stands and what to do next.
export default async function OverviewPage() {
  const user = await requirePermission("profile:read");
  const [counts, clusterRows, products] = await Promise.all([
    readOverviewCounts(user),
    can(user, "cluster:read") ? readClusterOverview() : null,
    can(user, "migration:read")
      ? readProductOverview().catch((err: Error) => ({ error: err.message }))
      : null,
  ]);
  const stats = [
    { label: "Clusters", value: counts.clusters },
    { label: "Topology revisions", value: counts.revisions },
    { label: "Open requests", value: counts.openRequests },
  ].filter((s) => s.value !== null);

  return (
    <>
      <PageHeader title="Overview" description={`Signed in as ${user.email}.`} />
      <dl className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-3">
        {stats.map((s) => (
          // Note: a plain div, not <Card>: a <dl> may only contain <div> groups of <dt>/<dd>.
          <div key={s.label} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{s.label}</dt>
            <dd className="mt-1 text-2xl font-semibold text-slate-900">{s.value}</dd>
          </div>
        ))}
      </dl>
      {clusterRows && clusterRows.length > 0 ? <ClustersByHealth clusters={clusterRows} /> : null}
      {products && ("error" in products || products.length > 0) ? (
        <ProductsByStage products={products} />
      ) : null}
      <Card>
        <CardHeader
          title="The migration journey"
          description="From one shared ingress to a gateway per product."
        />
        <ol className="divide-y divide-slate-100">
          {STEPS.filter((s) => can(user, s.permission)).map((s, i) => (
            <li key={s.href} className="flex items-start gap-3 px-4 py-3">
              <span
                aria-hidden="true"
                className="mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800"
              >
                {i + 1}
              </span>
              <div>
                <Link
                  href={s.href}
                  className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  {s.title}
                </Link>
                <p className="text-slate-600">{s.body}</p>
              </div>
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}

const HEALTH_ORDER = ["unreachable", "never-contacted", "stale", "degraded", "drifted", "healthy"] as const;
const HEALTH_TITLE: Record<(typeof HEALTH_ORDER)[number], string> = {
  unreachable: "Unreachable",
  "never-contacted": "Never contacted",
  stale: "No recent contact",
  degraded: "Objects failing",
  drifted: "Drifted",
  healthy: "Healthy",
};

// Clusters by health, problems first; each health is a fact with its age (docs/operating.md).
function ClustersByHealth({ clusters }: { clusters: Awaited<ReturnType<typeof readClusterOverview>> }) {
  const behind = clusters.filter((c) => !c.inSync).length;
  return (
    <Card className="mb-6">
      <CardHeader
        title="Clusters by health"
        description={`${clusters.length - behind} of ${clusters.length} hold the newest revision.`}
      />
      <ul className="divide-y divide-slate-100" aria-label="Clusters by health">
        {HEALTH_ORDER.map((state) => {
          const group = clusters.filter((c) => c.health === state);
          if (group.length === 0) return null;
          return (
            <li key={state} className="px-4 py-3">
              <span className="font-medium text-slate-900">
                {HEALTH_TITLE[state]} ({group.length})
              </span>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {group.map((c) => (
                  <li key={c.name} className="min-w-0">
                    <Link
                      href={`/clusters/${encodeURIComponent(c.name)}`}
                      className="text-indigo-700 hover:underline"
                    >
                      {c.name}
                    </Link>{" "}
                    <span className="break-words text-xs text-slate-600">
                      {c.summary}
                      {c.inSync ? "" : " · behind the newest revision"}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

const STAGE_ORDER: MigrationStage[] = [
  "shared",
  "serve-both",
  "dns-moving",
  "cut-over",
  "split",
  "multi-cluster",
];

// Products by where they stand on the journey, from the newest revision.
function ProductsByStage({
  products,
}: {
  products: Awaited<ReturnType<typeof readProductOverview>> | { error: string };
}) {
  if ("error" in products)
    return (
      <Card className="mb-6">
        <CardHeader title="Products by migration stage" description={products.error} />
      </Card>
    );
  return (
    <Card className="mb-6">
      <CardHeader title="Products by migration stage" description="From the newest revision." />
      <ul className="divide-y divide-slate-100" aria-label="Products by migration stage">
        {STAGE_ORDER.map((stage) => {
          const group = products.filter((p) => p.stage === stage);
          if (group.length === 0) return null;
          return (
            <li key={stage} className="px-4 py-3">
              <span className="font-medium text-slate-900">
                {STAGE_LABEL[stage]} ({group.length})
              </span>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {group.slice(0, 50).map((p) => (
                  <li key={p.name} className="min-w-0 break-words">
                    <Link
                      href={`/migrations/${encodeURIComponent(p.name)}`}
                      className="text-indigo-700 hover:underline"
                    >
                      {p.name}
                    </Link>
                    {p.percent !== undefined ? (
                      <span className="text-xs text-slate-600"> · DNS {p.percent} %</span>
                    ) : null}
                  </li>
                ))}
                {group.length > 50 ? (
                  <li className="text-xs text-slate-600">
                    and {group.length - 50} more on the migrations page
                  </li>
                ) : null}
              </ul>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
