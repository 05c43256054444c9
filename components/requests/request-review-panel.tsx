"use client";

// What a reviewer needs to decide: the rendered objects per cluster, the analyzer's findings, the
// blast radius, and on demand the live plan against the clusters.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { PlanResponse } from "@/lib/api/schemas/plan";
import { PlanView } from "@/components/migrations/plan-view";
import { FindingGroups } from "./finding-groups";
import type { BlastRadius, RequestPreview } from "@/lib/api/schemas/requests";

function BlastRadiusView({ radius }: { radius: BlastRadius }) {
  const empty =
    radius.existingHosts.length +
      radius.clients.length +
      radius.sharedGateways.length +
      radius.sharedNamespaces.length ===
    0;
  return (
    <Card>
      <CardHeader
        title="Blast radius"
        description="What else this request touches besides its own new objects."
      />
      <CardBody className="space-y-2 text-sm">
        {empty ? <p>Nothing else: the hosts are new and no other product shares the namespace.</p> : null}
        {radius.existingHosts.length ? (
          <div>
            <h3 className="font-medium">Hosts already served</h3>
            <ul className="list-disc pl-5">
              {radius.existingHosts.map((h) => (
                <li key={`${h.host}-${h.product}`}>
                  {h.host} — {h.product} via {h.gateways.join(", ") || "mesh only"}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {radius.clients.length ? (
          <div>
            <h3 className="font-medium">Internal clients calling them</h3>
            <ul className="list-disc pl-5">
              {radius.clients.map((c) => (
                <li key={`${c.namespace}/${c.name}`}>
                  {c.namespace}/{c.name} ({c.clusters.join(", ")}) calls {c.hosts.join(", ")}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {radius.sharedGateways.map((g) => (
          <p key={g.gateway}>
            Gateway <code>{g.gateway}</code> also serves {g.products.join(", ")}.
          </p>
        ))}
        {radius.sharedNamespaces.map((n) => (
          <p key={n.namespace}>
            Namespace <code>{n.namespace}</code> also holds {n.products.join(", ")}.
          </p>
        ))}
        {radius.productionClusters.length ? (
          <p>
            <Badge tone="warning">production</Badge> {radius.productionClusters.join(", ")}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}

export function RequestReviewPanel({ id, canPlan }: { id: string; canPlan: boolean }) {
  const preview = useQuery({
    queryKey: queryKeys.requests.preview(id),
    queryFn: () => apiFetch<RequestPreview>(`/api/requests/${encodeURIComponent(id)}/preview`),
  });
  const plan = useMutation({
    mutationFn: (document: unknown) => apiFetch<PlanResponse>("/api/plan", { json: { document } }),
  });
  if (preview.isPending) return <p className="text-sm text-slate-600">Rendering the request…</p>;
  if (preview.error)
    return (
      <Alert tone="error" title="The request could not be rendered">
        {preview.error.message}
      </Alert>
    );
  const p = preview.data;
  const plans = plan.data?.clusters ?? [];
  return (
    <div className="space-y-4">
      {!p.valid ? (
        <Alert tone="error" title="The request does not make a valid topology">
          <ul className="list-disc pl-5">
            {p.issues.map((i) => (
              <li key={i.path}>
                {i.path}: {i.message} ({i.hint})
              </li>
            ))}
          </ul>
        </Alert>
      ) : (
        <>
          <Card>
            <CardHeader
              title="Analyzer findings"
              description={`The whole estate with this request applied on top of revision ${p.baseRevision ?? "— (none yet)"}.`}
            />
            <CardBody>
              <FindingGroups findings={p.findings} rules={p.rules} />
            </CardBody>
          </Card>
          {p.clusters.map((c) => (
            <Card key={c.cluster}>
              <CardHeader
                title={`Rendered objects in ${c.cluster}`}
                description={`${c.objects.length} objects of this product`}
              />
              <CardBody className="space-y-2">
                {c.objects.map((o) => (
                  <details
                    key={`${o.kind}/${o.namespace}/${o.name}`}
                    className="rounded border border-slate-200"
                  >
                    <summary className="cursor-pointer px-2 py-1 text-sm">
                      {o.kind}{" "}
                      <span className="font-mono text-xs">
                        {o.namespace ? `${o.namespace}/` : ""}
                        {o.name}
                      </span>
                    </summary>
                    <pre className="overflow-x-auto bg-slate-50 p-2 text-xs text-slate-900">{o.yaml}</pre>
                  </details>
                ))}
              </CardBody>
            </Card>
          ))}
          {canPlan ? (
            <Card>
              <CardHeader
                title="Plan against the clusters"
                description="Asks each reachable cluster for a server-side dry run of the draft."
                actions={
                  <Button
                    variant="secondary"
                    disabled={plan.isPending}
                    onClick={() => plan.mutate(p.document)}
                  >
                    {plan.isPending ? "Planning…" : "Plan"}
                  </Button>
                }
              />
              <CardBody className="text-sm">
                {plan.error ? <Alert tone="error">{plan.error.message}</Alert> : null}
                {plans.length ? <PlanView plan={plans} /> : null}
                {!plan.data && !plan.error ? <p>Not planned yet.</p> : null}
              </CardBody>
            </Card>
          ) : null}
        </>
      )}
      <BlastRadiusView radius={p.blastRadius} />
    </div>
  );
}
