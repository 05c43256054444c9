import { Badge, type BadgeTone } from "@/components/ui/badge";
import { YamlDiff } from "@/components/ui/yaml-diff";
import type { ClusterPlan, PlanItem } from "@/lib/api/schemas/plan";

const ACTION_TONE: Record<PlanItem["action"], BadgeTone> = {
  create: "success",
  update: "info",
  delete: "danger",
  unchanged: "neutral",
};

/** The plan per cluster and per object; each changed object opens to its YAML diff. */
export function PlanView({ plan }: { plan: ClusterPlan[] }) {
  return (
    <div className="space-y-4">
      {plan.map((c) => {
        const changed = c.preview?.items.filter((i) => i.action !== "unchanged") ?? [];
        const created = new Set(
          changed.filter((i) => i.kind === "Namespace" && i.action === "create").map((i) => i.name),
        );
        return (
          <section
            key={c.cluster}
            aria-label={`Plan for cluster ${c.cluster}`}
            className="rounded border border-slate-200"
          >
            <h4 className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm font-semibold text-slate-900">
              Cluster {c.cluster}
              {!c.registered ? <Badge tone="warning">not registered: nothing is applied there</Badge> : null}
              {c.preview ? (
                <span className="text-xs font-normal text-slate-700">
                  {c.preview.summary.create ?? 0} create · {c.preview.summary.update ?? 0} update ·{" "}
                  {c.preview.summary.delete ?? 0} delete · {c.preview.summary.unchanged ?? 0} unchanged
                </span>
              ) : null}
            </h4>
            {c.error ? <p className="px-3 py-2 text-sm text-red-800">Could not plan: {c.error}</p> : null}
            {c.preview && changed.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-700">No change in this cluster.</p>
            ) : null}
            <ul className="divide-y divide-slate-100">
              {changed.map((i) => (
                <li key={i.key} className="px-3 py-1.5 text-sm">
                  <details>
                    <summary className="cursor-pointer rounded focus-visible:outline-2 focus-visible:outline-indigo-600">
                      <Badge tone={ACTION_TONE[i.action]}>{i.action}</Badge>{" "}
                      <span className="font-mono text-xs">
                        {i.kind} {i.namespace ? `${i.namespace}/` : ""}
                        {i.name}
                      </span>
                      {i.problem &&
                      i.problem.kind === "notFound" &&
                      i.namespace &&
                      created.has(i.namespace) ? (
                        <span className="ml-2 text-xs text-slate-700">
                          (dry run skipped: namespace {i.namespace} is created by this apply)
                        </span>
                      ) : i.problem ? (
                        <span className="ml-2 text-xs text-red-800">
                          ({i.problem.kind}: {i.problem.message})
                        </span>
                      ) : null}
                    </summary>
                    {i.diff ? (
                      <YamlDiff
                        diff={i.diff}
                        label={`YAML diff of ${i.kind} ${i.namespace ? `${i.namespace}/` : ""}${i.name} in ${c.cluster}`}
                      />
                    ) : (
                      <p className="mt-1 text-xs text-slate-700">No diff available.</p>
                    )}
                  </details>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
