"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import type { MigrationStatus } from "@/lib/api/schemas/migrations";
import { useMigrations } from "./use-migrations";

const PHASE: Record<MigrationStatus["phase"], { label: string; tone: "neutral" | "warning" | "success" }> = {
  shared: { label: "on the shared gateway", tone: "neutral" },
  "serve-both": { label: "cutover: both gateways serve", tone: "warning" },
  "cut-over": { label: "own gateway", tone: "success" },
};

function nextStep(p: MigrationStatus): string {
  if (p.phase === "shared") return "Step 1: insert the product gateway";
  if (p.phase === "serve-both") return "Step 1: verify, switch DNS, cut over";
  if (!p.done.split) return "Step 2: split a service (optional)";
  if (!p.done.copy) return "Step 3: run in another cluster";
  return "Journey complete";
}

/** Products of the newest revision and where each stands on the journey. */
export function MigrationsOverview({ canWrite }: { canWrite: boolean }) {
  const q = useMigrations();
  if (q.isPending) return <p role="status">Loading products…</p>;
  if (q.isError)
    return (
      <Alert tone="error" title="Could not load the migrations">
        {q.error.message} Reload the page to try again.
      </Alert>
    );
  const { revision, products, clusters } = q.data;
  return (
    <div className="space-y-5">
      {canWrite ? (
        <div className="flex flex-wrap items-center gap-3">
          <Link href="/migrations/import" className={buttonClasses(revision ? "secondary" : "primary")}>
            Import a shared ingress
          </Link>
          <p className="text-sm text-slate-600">
            {clusters.length === 0
              ? "No cluster is registered yet: register one on the Clusters page first."
              : `Reads Istio Gateways, VirtualServices and Ingress objects of ${clusters.map((c) => c.name).join(", ")} without changing anything.`}
          </p>
        </div>
      ) : null}
      {!revision || products.length === 0 ? (
        <EmptyState title="No products to migrate yet">
          <p>
            Import the shared ingress of a cluster: Portico maps each host to its product and team, then plans
            the migration of each product.
          </p>
        </EmptyState>
      ) : (
        <Table caption={`Products at revision ${revision.number}`} showCaption>
          <THead columns={["Product", "Hosts", "State", "Clusters", "Next"]} />
          <TBody>
            {products.map((p) => (
              <tr key={p.product}>
                <Td>
                  <Link
                    href={`/migrations/${encodeURIComponent(p.product)}`}
                    className="font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {p.displayName}
                  </Link>
                  <span className="ml-2 text-xs text-slate-600">team {p.teams.join(", ")}</span>
                </Td>
                <Td>{p.hosts.join(", ")}</Td>
                <Td>
                  <Badge tone={PHASE[p.phase].tone}>{PHASE[p.phase].label}</Badge>
                  {p.done.split ? (
                    <Badge className="ml-1" tone="info">
                      split
                    </Badge>
                  ) : null}
                  {p.failover ? (
                    <Badge className="ml-1" tone="info">
                      failover
                    </Badge>
                  ) : null}
                </Td>
                <Td>{p.clusters.join(", ")}</Td>
                <Td>{nextStep(p)}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
