// The connection checklist of a cluster (POST /api/clusters/[name]/test) and what Portico is
// allowed to do there, so the person registering it sees both before the first sync.
import type { CheckItem, CheckReport } from "@/lib/clusters/check-cluster";
import { PORTICO_ACCESS } from "@/lib/clusters/portico-access";
import { Badge } from "@/components/ui/badge";

const ITEM_TONE = { ok: "success", warn: "warning", fail: "danger" } as const;
const ITEM_TEXT = { ok: "ok", warn: "warning", fail: "failed" } as const;

export function ConnectionChecklist({ report }: { report: CheckReport }) {
  return (
    <div className="space-y-3">
      <ul
        className="divide-y divide-slate-100 rounded-md border border-slate-200"
        aria-label="Connection checklist"
      >
        {report.items.map((item: CheckItem) => (
          <li
            key={item.id}
            className="flex items-start gap-3 px-3 py-2 text-sm"
            data-testid={`check-${item.id}`}
          >
            <Badge tone={ITEM_TONE[item.status]} className="mt-0.5 w-16 justify-center">
              {ITEM_TEXT[item.status]}
            </Badge>
            <div>
              <p className="font-medium text-slate-900">{item.label}</p>
              <p className="text-slate-800">{item.message}</p>
              {item.details?.length ? (
                <ul className="mt-1 list-disc pl-5 text-xs text-slate-700">
                  {item.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-700">
        Checked {report.checkedAt.replace("T", " ").slice(0, 19)} UTC against {report.server}
        {report.kubernetesVersion ? ` · Kubernetes ${report.kubernetesVersion}` : ""}
        {report.istioVersion ? ` · Istio ${report.istioVersion}` : ""}.
      </p>
    </div>
  );
}

/** The RBAC Portico needs (docs/rbac/portico-rbac.yaml grants exactly this). */
export function PorticoAccessList() {
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-900">
        What Portico may do in this cluster
      </summary>
      <p className="mt-2 text-slate-800">
        Portico applies with server-side apply, watches what it applied and prunes what it no longer renders —
        only for these kinds. It never reads Secrets beyond checking they exist, and never touches objects it
        did not create. Grant it with <code>docs/rbac/portico-rbac.yaml</code>.
      </p>
      <table className="mt-2 w-full text-xs">
        <caption className="sr-only">Kinds Portico manages and why</caption>
        <thead>
          <tr className="text-left text-slate-700">
            <th scope="col" className="py-1 pr-2">
              Kind
            </th>
            <th scope="col" className="py-1 pr-2">
              Verbs
            </th>
            <th scope="col" className="py-1">
              Why
            </th>
          </tr>
        </thead>
        <tbody>
          {PORTICO_ACCESS.map((a) => (
            <tr key={`${a.group}/${a.resource}`} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-2 font-mono">
                {a.kind}
                {a.addon ? (
                  <span className="ml-1 text-slate-700">
                    ({a.addon === "istio" ? "with Istio" : "with Gateway API"})
                  </span>
                ) : null}
              </td>
              <td className="py-1 pr-2">{a.verbs.join(", ")}</td>
              <td className="py-1">{a.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
