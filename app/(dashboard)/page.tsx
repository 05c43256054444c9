import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";
import { can, canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";

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
  const [clusters, revisions, openRequests] = await Promise.all([
    can(user, "cluster:read") ? prisma.cluster.count() : null,
    can(user, "topology:read") ? prisma.revision.count() : null,
    can(user, "request:read")
      ? prisma.gatewayRequest.count({
          where: {
            status: { in: ["submitted", "changes_requested"] },
            ...(canEverywhere(user, "request:read")
              ? {}
              : { teamId: { in: scopedTeamIds(user, "request:read") } }),
          },
        })
      : null,
  ]);
  const stats = [
    { label: "Clusters", value: clusters },
    { label: "Topology revisions", value: revisions },
    { label: "Open requests", value: openRequests },
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
