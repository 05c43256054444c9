"use client";

import { useQuery } from "@tanstack/react-query";
import { PlanView } from "@/components/migrations/plan-view";
import type { ClusterPlan } from "@/lib/api/schemas/plan";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { ClusterDiff } from "@/lib/api/schemas/analysis";
import type { CompareResponse } from "@/lib/api/schemas/revisions";

// The compare view shows object diffs the way the plan preview does, so it reuses its view.
function asPlan(diffs: ClusterDiff[]): ClusterPlan[] {
  return diffs.map((c) => ({
    cluster: c.cluster,
    registered: true,
    preview: {
      items: c.objects,
      summary: {
        create: c.objects.filter((o) => o.action === "create").length,
        update: c.objects.filter((o) => o.action === "update").length,
        delete: c.objects.filter((o) => o.action === "delete").length,
        unchanged: 0,
        // Two documents compared: no cluster ran a dry run, so none refused anything.
        problems: 0,
      },
    },
  }));
}

/** Two revisions compared: the parts of the topology that differ, and per cluster a YAML diff per object. */
export function CompareView({ from, to, product }: { from: number | null; to: number; product?: string }) {
  const compare = useQuery({
    queryKey: queryKeys.topology.compare(from, to, product),
    queryFn: () => {
      const q = new URLSearchParams({ to: String(to) });
      if (from !== null) q.set("from", String(from));
      if (product) q.set("product", product);
      return apiFetch<CompareResponse>(`/api/revisions/compare?${q}`);
    },
    staleTime: Infinity,
  });
  if (compare.isPending)
    return (
      <p role="status" className="text-sm text-slate-700">
        Rendering both revisions…
      </p>
    );
  if (compare.isError)
    return (
      <Alert tone="error" title="The revisions cannot be compared">
        {compare.error.message}
      </Alert>
    );
  const c = compare.data;
  return (
    <section aria-label={`Compare revision ${c.from ?? "none"} with revision ${c.to}`} className="space-y-3">
      <h3 className="text-sm font-semibold text-slate-900">
        Revision {c.from ?? "(none)"} → revision {c.to}
        {c.product ? ` · product ${c.product}` : ""}: {c.changes.length} part(s) changed
      </h3>
      <ul className="space-y-1 text-sm">
        {c.changes.map((x) => (
          <li key={x.path} className="flex flex-wrap items-center gap-2">
            <Badge tone={x.action === "removed" ? "danger" : x.action === "added" ? "success" : "info"}>
              {x.action}
            </Badge>
            <span className="font-mono text-xs">{x.path}</span>
            <span className="text-xs text-slate-700">
              {x.products.join(", ")}
              {x.clusters.length ? ` · ${x.clusters.join(", ")}` : ""}
            </span>
          </li>
        ))}
      </ul>
      {c.clusters.length ? (
        <PlanView plan={asPlan(c.clusters)} />
      ) : (
        <p className="text-sm text-slate-700">No rendered object differs.</p>
      )}
    </section>
  );
}
