"use client";

// One request as its requester and reviewers follow it: status, approvals, sync per cluster,
// timeline; reviewers also get the review panel and the decision form.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { RequestDetail as Detail } from "@/lib/api/schemas/requests";
import { RequestReviewPanel } from "./request-review-panel";
import { RequestStatusBadge } from "./status-badge";

function when(iso: string) {
  return iso.replace("T", " ").slice(0, 19) + " UTC";
}

function ReviewForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [comment, setComment] = useState("");
  const review = useMutation({
    mutationFn: (decision: string) =>
      apiFetch(`/api/requests/${encodeURIComponent(id)}/reviews`, {
        json: { decision, comment: comment || undefined },
      }),
    onSuccess: () => {
      setComment("");
      onDone();
    },
    // Refused mostly because the request moved on meanwhile (another reviewer decided): show where
    // it stands now beside the refusal.
    onError: onDone,
  });
  const submit = (decision: string) => (e?: FormEvent) => {
    e?.preventDefault();
    review.mutate(decision);
  };
  return (
    <form onSubmit={submit("approve")} className="space-y-2" aria-label="Review">
      <Field id="review-comment" label="Comment (required to reject or ask for changes)">
        <Textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      {review.error ? (
        <Alert tone="error" title="The review was not recorded">
          {review.error.message}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={review.isPending}>
          Approve
        </Button>
        <Button variant="secondary" disabled={review.isPending} onClick={() => submit("request-changes")()}>
          Ask for changes
        </Button>
        <Button variant="secondary" disabled={review.isPending} onClick={() => submit("comment")()}>
          Comment
        </Button>
        <Button variant="danger" disabled={review.isPending} onClick={() => submit("reject")()}>
          Reject
        </Button>
      </div>
    </form>
  );
}

export function RequestDetail({
  initial,
  userId,
  canReview,
  canPlan,
  editForm,
}: {
  /** The request as the page read it (through the getter the API uses): shown at once, then kept fresh here. */
  initial: Detail;
  userId: string;
  canReview: boolean;
  canPlan: boolean;
  /** The edit form, rendered by the page with the caller's teams and clusters. */
  editForm?: React.ReactNode;
}) {
  const queryClient = useQueryClient();
  const id = initial.id;
  const detail = useQuery({
    queryKey: queryKeys.requests.detail(id),
    queryFn: () => apiFetch<Detail>(`/api/requests/${encodeURIComponent(id)}`),
    initialData: initial,
    // An approved request is waiting for the sync worker: poll until its clusters settle.
    refetchInterval: (q) => (q.state.data?.status === "approved" ? 5000 : false),
  });
  const withdraw = useMutation({
    mutationFn: () => apiFetch(`/api/requests/${encodeURIComponent(id)}/withdraw`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.requests.all }),
  });
  if (detail.error)
    return (
      <Alert tone="error" title="The request could not be loaded">
        {detail.error.message}
      </Alert>
    );
  const r = detail.data;
  const mine = r.requesterId === userId;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.requests.all });

  return (
    <div className="grid gap-5 lg:grid-cols-[2fr_1fr]">
      <div className="min-w-0 space-y-5">
        <Card>
          <CardHeader
            title={
              <>
                Status: <RequestStatusBadge status={r.status} />
              </>
            }
            description={`Requested by ${r.requester ?? "unknown"} for team ${r.team ?? "—"} on ${when(r.createdAt)}`}
            actions={
              mine && (r.status === "submitted" || r.status === "changes-requested") ? (
                <Button variant="secondary" disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
                  Withdraw
                </Button>
              ) : undefined
            }
          />
          <CardBody className="space-y-2 text-sm">
            <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1">
              <dt className="text-slate-600">Product</dt>
              <dd>{r.payload.product}</dd>
              <dt className="text-slate-600">Namespace</dt>
              <dd>{r.payload.namespace}</dd>
              <dt className="text-slate-600">Hosts</dt>
              <dd>
                {r.payload.hosts.map((h) => (
                  <div key={h} className="font-mono text-xs">
                    {h}
                  </div>
                ))}
              </dd>
              <dt className="text-slate-600">Clusters</dt>
              <dd>{r.payload.clusters.join(", ")}</dd>
              <dt className="text-slate-600">TLS secret</dt>
              <dd>{r.payload.tlsSecret || "none (HTTP)"}</dd>
              <dt className="text-slate-600">Routes</dt>
              <dd>
                {r.payload.routes.map((x) => (
                  <div key={x.pathPrefix}>
                    <code>{x.pathPrefix}</code> → {x.service}:{x.port}
                  </div>
                ))}
              </dd>
              {r.payload.reason ? (
                <>
                  <dt className="text-slate-600">Reason</dt>
                  <dd>{r.payload.reason}</dd>
                </>
              ) : null}
            </dl>
            <p>
              Approvals: {r.approvals.received} of {r.approvals.required}
              {r.approvals.forbidSelfApproval ? " (the requester cannot approve)" : ""}
              {r.approvals.rules.length ? ` — rules: ${r.approvals.rules.join(", ")}` : ""}
            </p>
            {r.revision ? <p>Revision {r.revision} holds this request.</p> : null}
            {withdraw.error ? <Alert tone="error">{withdraw.error.message}</Alert> : null}
          </CardBody>
        </Card>
        {r.sync ? (
          <Card>
            <CardHeader title="Sync" description={`Revision ${r.sync.revision} on each requested cluster`} />
            <CardBody>
              <ul className="space-y-1 text-sm">
                {r.sync.clusters.map((c) => (
                  <li key={c.cluster}>
                    <strong>{c.cluster}</strong>: {c.state}
                    {!c.registered
                      ? " (not registered yet)"
                      : c.observedRevision !== null
                        ? ` (holds revision ${c.observedRevision})`
                        : ""}
                    {c.errors.map((e) => (
                      <div key={`${e.kind}/${e.name}`} className="text-red-700">
                        {e.kind} {e.name}: {e.message}
                      </div>
                    ))}
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ) : null}
        {mine && r.status === "changes-requested" && editForm ? (
          <section aria-labelledby="edit-heading" className="space-y-3">
            <h2 id="edit-heading" className="text-base font-semibold">
              Edit and resubmit
            </h2>
            {editForm}
          </section>
        ) : null}
        {canReview ? <RequestReviewPanel id={id} canPlan={canPlan} /> : null}
      </div>
      <div className="min-w-0 space-y-5">
        {canReview && r.status === "submitted" ? (
          <Card>
            <CardHeader title="Your review" />
            <CardBody>
              <ReviewForm id={id} onDone={refresh} />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title="Reviews" />
          <CardBody>
            {r.reviews.length === 0 ? <p className="text-sm text-slate-600">No reviews yet.</p> : null}
            <ul className="space-y-2 text-sm">
              {r.reviews.map((v) => (
                <li key={v.id}>
                  <strong>{v.reviewer}</strong> — {v.decision.replace("-", " ")}
                  <div className="text-xs text-slate-600">{when(v.at)}</div>
                  {v.comment ? <p className="whitespace-pre-wrap">{v.comment}</p> : null}
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Timeline" />
          <CardBody>
            <ol className="space-y-1 text-sm" aria-label="Timeline">
              {r.timeline.map((t) => (
                <li key={t.id}>
                  <span className="font-mono text-xs">{when(t.at)}</span> {t.action.replace(/^request\./, "")}{" "}
                  by {t.actor ?? "system"}
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
