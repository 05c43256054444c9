"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { RollbackConfirmation } from "@/components/revisions/rollback-confirmation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { stepBlockers } from "@/lib/migration/analyzer-blockers";
import type { StepInput } from "@/lib/migration/preview-step";
import { verifyStep } from "@/lib/migration/verify-step";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type {
  MigrationRecord,
  MigrationStatus,
  StepApplied,
  StepPreviewResponse as PreviewResponse,
} from "@/lib/api/schemas/migrations";
import type { Topology } from "@/lib/topology/schema";
import { ApplyProgress, useApplyProgress } from "./apply-progress";
import { ContractResult } from "./contract-result";
import { CutoverPanel } from "./cutover-panel";
import { FindingsList } from "./findings-list";
import { PlanView } from "./plan-view";
import { isStepInputError } from "./step-field-errors";
import { StepForm, type StepKind } from "./step-form";
import { useMigrations } from "./use-migrations";
import { VerifyPanel } from "./verify-panel";

const STEPS: { kind: StepKind; title: string; what: string }[] = [
  {
    kind: "insert",
    title: "1. Insert the product gateway",
    what: "Deploy the product's own gateway, serve from both gateways during the DNS switch, then cut over.",
  },
  {
    kind: "split",
    title: "2. Split a service",
    what: "Break a grown service into successors behind the same gateway; the contract check proves no call breaks.",
  },
  {
    kind: "copy",
    title: "3. Run in another cluster",
    what: "Copy gateway and services to a cluster in another zone, with ServiceEntries and locality failover.",
  },
];

function defaultStep(s: MigrationStatus): StepKind {
  if (!s.done.insert) return "insert";
  if (!s.done.split) return "split";
  return "copy";
}

function defaultMessage(product: string, input: StepInput): string {
  if (input.step === "insert")
    return input.phase === "serve-both"
      ? `${product}: deploy its gateway and serve from both gateways`
      : `${product}: cut over from the shared gateway`;
  if (input.step === "split")
    return `${product}: split ${input.service.name} into ${input.successors.map((s) => s.name).join(" and ")}`;
  return `${product}: run in ${input.targetCluster}${input.failover ? " with locality failover" : ""}`;
}

type Applied = {
  revision: number;
  /** The revision the step was applied on, or the one a rollback undid. */
  base: number;
  kind: "apply" | "rollback";
  step: string;
  stage: string | null;
  clusters: string[];
  label: string;
  actorEmail: string | null;
  at: string;
};

/**
 * Where the product's migration stands, from its record: the newest step applied or rolled back,
 * so progress, Verify and Roll back are the same after a reload and for every engineer.
 */
function latestStep(record: MigrationRecord | undefined): Applied | null {
  const e = [...(record?.events ?? [])]
    .reverse()
    .find((x) => x.kind === "step.applied" || x.kind === "step.rolled-back");
  if (!e || e.revision === null) return null;
  const evidence = e.evidence as { baseRevision?: number; undoneRevision?: number; clusters?: string[] };
  const applied = e.kind === "step.applied";
  return {
    revision: e.revision,
    base: (applied ? evidence.baseRevision : evidence.undoneRevision) ?? 0,
    kind: applied ? "apply" : "rollback",
    step: e.step,
    stage: e.stage,
    clusters: evidence.clusters ?? [],
    label: applied
      ? `Step ${e.step}${e.stage ? ` (${e.stage})` : ""} applied by ${e.actorEmail ?? "system"}`
      : `Revision ${e.revision} undoes step ${e.step} (revision ${evidence.undoneRevision}), by ${e.actorEmail ?? "system"}`,
    actorEmail: e.actorEmail,
    at: e.at,
  };
}

/** One product's migration: choose a step, preview it, apply it, watch it land, verify, roll back. */
export function MigrationWizard({
  product,
  canApply,
  canRollback,
  canForce,
  canOverrideAnalysis,
}: {
  product: string;
  canApply: boolean;
  canRollback: boolean;
  canForce: boolean;
  /** topology:override-analysis: may apply a step despite analyzer errors, with a written reason. */
  canOverrideAnalysis: boolean;
}) {
  const ids = useId();
  const queryClient = useQueryClient();
  const migrations = useMigrations();
  const status = migrations.data?.products.find((p) => p.product === product);
  const [step, setStep] = useState<StepKind | null>(null);
  const [message, setMessage] = useState("");
  // A written reason to cut over although the gate on DNS and the drain is held (audited).
  const [gateReason, setGateReason] = useState("");
  // A written reason to apply although the analyzer reports errors (audited with the findings).
  const [analysisReason, setAnalysisReason] = useState("");
  const record = useQuery({
    queryKey: queryKeys.migrations.record(product),
    queryFn: () => apiFetch<MigrationRecord>(`/api/migrations/${encodeURIComponent(product)}`),
    staleTime: 0,
  });
  const applied = latestStep(record.data);
  // The applied revision's document, for Verify.
  const appliedRevision = useQuery({
    queryKey: queryKeys.topology.revision(applied?.revision ?? 0),
    queryFn: () => apiFetch<{ document: Topology }>(`/api/revisions/${applied!.revision}`),
    enabled: !!applied,
    staleTime: Infinity,
  });
  const [confirmRollback, setConfirmRollback] = useState(false);
  // When the user asked to verify; the checks are then recomputed from every inventory poll.
  const [verifying, setVerifying] = useState(false);
  const current = step ?? (status ? defaultStep(status) : "insert");

  const preview = useMutation({
    mutationFn: (input: StepInput) =>
      apiFetch<PreviewResponse>(`/api/migrations/${encodeURIComponent(product)}/preview`, { json: input }),
    onSuccess: (_res, input) => {
      setMessage(defaultMessage(product, input));
      setAnalysisReason("");
      setVerifying(false);
    },
  });

  const apply = useMutation({
    // Note: the server recomputes the step on the newest revision and refuses it (409) when that is
    // not the previewed one, so someone else's change is never overwritten; it records the
    // revision and the step's event together.
    mutationFn: ({ p, override }: { p: PreviewResponse; override?: { reason: string } }) =>
      apiFetch<StepApplied>(`/api/migrations/${encodeURIComponent(product)}/steps`, {
        json: {
          step: preview.variables,
          message,
          baseRevision: p.baseRevision,
          ...(override ? { override } : {}),
          ...(gateReason.trim() ? { gateOverride: { reason: gateReason.trim() } } : {}),
        },
      }),
    onSuccess: () => {
      setVerifying(false);
      preview.reset();
      void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.all });
    },
  });

  const watch = useApplyProgress(applied?.revision ?? null, applied?.clusters ?? []);
  // Note: the inventory records a gateway's readiness when the worker last looked; verifying
  // queues a plain sync of each cluster so the worker looks again, then the checks follow the polls.
  const resync = useMutation({
    mutationFn: (clusters: string[]) =>
      Promise.all(
        clusters.map((c) =>
          apiFetch(`/api/clusters/${encodeURIComponent(c)}/sync`, { json: { mode: "sync" } }),
        ),
      ),
  });
  const checks =
    verifying && applied && appliedRevision.data
      ? verifyStep(
          appliedRevision.data.document,
          product,
          watch.progress
            .filter((x) => x.inventory)
            .map((x) => ({ cluster: x.cluster, objects: x.inventory!.objects })),
        )
      : null;

  // What Verify found once every cluster reported is evidence of the migration, recorded once.
  const recorded = useRef<string | null>(null);
  const recordVerify = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch(`/api/migrations/${encodeURIComponent(product)}/events`, { json: body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.record(product) }),
  });
  const verifyKey =
    checks && watch.done && applied?.kind === "apply" && canApply ? `${applied.revision}` : null;
  useEffect(() => {
    if (!verifyKey || !checks || !applied || recorded.current === verifyKey) return;
    recorded.current = verifyKey;
    recordVerify.mutate({
      kind: "step.verified",
      step: applied.step,
      ...(applied.stage ? { stage: applied.stage } : {}),
      revision: applied.revision,
      evidence: { ok: checks.every((c) => c.ok), checks },
    });
  }, [verifyKey, checks, applied, recordVerify]);

  if (migrations.isPending) return <p role="status">Loading {product}…</p>;
  if (migrations.isError)
    return (
      <Alert tone="error" title="Could not load the product">
        {migrations.error.message} Reload the page to try again.
      </Alert>
    );
  if (!status) {
    return (
      <Alert tone="warning" title={`No product "${product}" in the newest revision`}>
        <Link className="underline" href="/migrations">
          Back to the products
        </Link>{" "}
        or import the shared ingress that serves it.
      </Alert>
    );
  }

  const p = preview.data;
  const blockedByApproval = p?.approval.required ?? false;
  // The blockers as the apply will judge them: with the cut-over gate overridden when a reason is
  // written, and without the analyzer's errors when a platform engineer writes why they may stand.
  const judged = p ? (p.cutOver && gateReason.trim() ? p.cutOver.blockersWithOverride : p.blockers) : [];
  const analysisOverridable = canOverrideAnalysis && stepBlockers(judged, undefined).onlyAnalyzer;
  const analysisOverride =
    analysisOverridable && analysisReason.trim() ? { reason: analysisReason.trim() } : undefined;
  const applyBlocked =
    !p ||
    stepBlockers(judged, analysisOverride).remaining.length > 0 ||
    blockedByApproval ||
    !canApply ||
    !message.trim() ||
    apply.isPending;

  function verify() {
    if (!applied) return;
    recorded.current = null;
    setVerifying(true);
    if (canForce) resync.mutate(applied.clusters);
    watch.refetch();
  }

  return (
    <div className="space-y-5">
      <Card>
        <CardBody className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
          <span className="min-w-0">
            Hosts <span className="font-mono text-xs">{status.hosts.join(", ")}</span>
          </span>
          <span>Namespaces {status.namespaces.join(", ")}</span>
          <span className="min-w-0">
            Gateway{" "}
            {status.gateway ? <span className="font-mono text-xs">{status.gateway.ref}</span> : "shared only"}
            {status.sharedGateways.length ? (
              <Badge className="ml-1" tone="warning">
                still on {status.sharedGateways.join(", ")}
              </Badge>
            ) : null}
          </span>
          <span>Clusters {status.clusters.join(", ") || "none"}</span>
          <span>Revision {migrations.data.revision?.number}</span>
        </CardBody>
      </Card>

      <nav aria-label="Journey steps">
        <ol className="grid gap-2 md:grid-cols-3">
          {STEPS.map((s) => {
            const done =
              s.kind === "insert"
                ? status.done.insert
                : s.kind === "split"
                  ? status.done.split
                  : status.done.copy;
            const active = s.kind === current;
            return (
              <li key={s.kind}>
                <button
                  type="button"
                  aria-current={active ? "step" : undefined}
                  onClick={() => {
                    setStep(s.kind);
                    preview.reset();
                  }}
                  className={cn(
                    "h-full w-full rounded-lg border px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                    active ? "border-indigo-600 bg-indigo-50" : "border-slate-200 bg-white hover:bg-slate-50",
                  )}
                >
                  <span className="flex items-center justify-between gap-2 font-semibold text-slate-900">
                    {s.title}
                    {done ? <Badge tone="success">done</Badge> : null}
                  </span>
                  <span className="mt-1 block text-xs text-slate-700">{s.what}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>

      <Card>
        <CardHeader
          title={STEPS.find((s) => s.kind === current)!.title}
          description="Choose the options, then preview: nothing changes until you apply."
        />
        <CardBody>
          <StepForm
            key={`${current}-${migrations.data.revision?.number}`}
            step={current}
            status={status}
            clusters={migrations.data.clusters}
            pending={preview.isPending}
            error={preview.error}
            onPreview={(input) => preview.mutate(input)}
          />
          {preview.isPending ? (
            <p role="status" className="mt-3 text-sm text-slate-700">
              Computing the draft, checking the contract and dry-running it against each cluster…
            </p>
          ) : null}
          {preview.isError && !isStepInputError(preview.error) ? (
            <div className="mt-3">
              <Alert tone="error" title="The step cannot be computed">
                {preview.error.message}
              </Alert>
            </div>
          ) : null}
        </CardBody>
      </Card>

      {current === "insert" && status.phase === "serve-both" ? (
        <CutoverPanel product={product} record={record.data} canMove={canApply} />
      ) : null}

      {p ? (
        <>
          <Card>
            <CardHeader
              title="What the step changes"
              description={`Draft based on revision ${p.baseRevision}.`}
            />
            <CardBody className="space-y-3">
              <ul className="list-disc space-y-1 pl-5 text-sm">
                {p.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              {p.notes.length ? (
                <Alert tone="warning" title="To do outside Portico">
                  <ul className="list-disc pl-5">
                    {p.notes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="API contract"
              description="Every call the product answered before must still be answered by the same service or a declared successor."
            />
            <CardBody>
              <ContractResult contract={p.contract} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Analyzer findings"
              description="Cross-cluster checks of the whole desired state; errors block apply."
            />
            <CardBody>
              <FindingsList findings={p.findings} empty="The analyzer reports nothing." />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Plan per cluster"
              description="What a sync would create, update and delete; open an object for its YAML diff."
            />
            <CardBody>
              <PlanView plan={p.plan} />
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="Apply"
              description="Records the draft as the next revision; the sync worker applies it to each cluster."
            />
            <CardBody className="space-y-3">
              {p.approval.required ? (
                <Alert tone="warning" title="Approval required">
                  This step touches production cluster(s) {p.approval.productionClusters.join(", ")}. The
                  policy {p.approval.rule ? `"${p.approval.rule}" ` : ""}
                  asks for {p.approval.approvals} approver(s), so it goes through a request instead of a
                  direct apply. Direct apply is blocked.
                </Alert>
              ) : null}
              {p.blockers.length ? (
                <Alert tone="error" title="Apply is blocked">
                  <ul className="list-disc pl-5">
                    {p.blockers.map((b) => (
                      <li key={b}>{b}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
              {p.cutOver ? (
                <div className="space-y-2">
                  <Alert
                    tone={p.cutOver.checks.every((c) => c.pass) ? "info" : "warning"}
                    title="Cut-over gate: DNS and the drain, observed now"
                  >
                    <ul className="space-y-1">
                      {p.cutOver.checks.map((c) => (
                        <li key={c.check}>
                          {c.pass ? "✓" : "✗"} <span className="font-medium">{c.check}</span> · {c.detail}
                        </li>
                      ))}
                    </ul>
                    {p.cutOver.movedCalls ? (
                      <p className="mt-1">
                        {p.cutOver.movedCalls} call class(es) above break only for clients still sent to the
                        shared gateway; the gate observes that none are.
                      </p>
                    ) : null}
                  </Alert>
                  {!p.cutOver.checks.every((c) => c.pass) ? (
                    <Field
                      id={`${ids}-gate-reason`}
                      label="Cut-over override reason (platform engineers; audited)"
                    >
                      <Input
                        value={gateReason}
                        onChange={(e) => setGateReason(e.target.value)}
                        placeholder="Why the shared gateway may stop serving the hosts now"
                      />
                    </Field>
                  ) : null}
                </div>
              ) : null}
              {analysisOverridable ? (
                <Field
                  id={`${ids}-analysis-reason`}
                  label="Analyzer override reason (platform engineers; audited with the findings)"
                >
                  <Input
                    value={analysisReason}
                    onChange={(e) => setAnalysisReason(e.target.value)}
                    placeholder="Why the analyzer's errors may stand (at least a sentence)"
                  />
                </Field>
              ) : null}
              {p.conflicts.length ? (
                <Alert tone="warning" title="Objects owned by another tool">
                  <p>
                    The dry run found fields another manager owns. After apply these objects show a conflict;
                    take them over with a forced sync.
                  </p>
                  <ul className="list-disc pl-5 text-xs">
                    {p.conflicts.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
              {!canApply ? (
                <p className="text-sm text-slate-700">Your role can preview steps but not apply them.</p>
              ) : null}
              <form
                className="flex flex-wrap items-end gap-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!applyBlocked) apply.mutate({ p, override: analysisOverride });
                }}
              >
                <Field id={`${ids}-message`} label="Message" className="min-w-64 flex-1">
                  <Input value={message} onChange={(e) => setMessage(e.target.value)} required />
                </Field>
                <Button type="submit" disabled={applyBlocked}>
                  {apply.isPending ? "Applying…" : "Apply"}
                </Button>
              </form>
              {apply.isError ? (
                <Alert tone="error" title="Not applied">
                  {apply.error.message}
                </Alert>
              ) : null}
            </CardBody>
          </Card>
        </>
      ) : null}

      {applied ? (
        <Card>
          <CardHeader
            title={
              applied.kind === "apply"
                ? `Progress of revision ${applied.revision}`
                : `Rollback: revision ${applied.revision} undoes revision ${applied.base}`
            }
            description={`${applied.label}, ${new Date(applied.at).toLocaleString()}`}
            actions={
              <div className="flex flex-wrap gap-2">
                <Button variant="secondary" onClick={verify} disabled={!watch.done}>
                  Verify
                </Button>
                {applied.kind === "apply" && canRollback ? (
                  <Button
                    variant="danger"
                    onClick={() => setConfirmRollback(true)}
                    disabled={confirmRollback}
                  >
                    Roll back this step
                  </Button>
                ) : null}
              </div>
            }
          />
          <CardBody className="space-y-4">
            <ApplyProgress
              revision={applied.revision}
              progress={watch.progress}
              done={watch.done}
              fetchError={watch.fetchError}
              canForce={canForce}
            />
            {confirmRollback && applied.kind === "apply" ? (
              <RollbackConfirmation
                revision={applied.revision}
                mode="undo"
                defaultReason={`Roll back ${product}'s ${applied.step} step`}
                onCancel={() => setConfirmRollback(false)}
                onDone={() => {
                  setConfirmRollback(false);
                  setVerifying(false);
                  preview.reset();
                }}
              />
            ) : null}
            {resync.isError ? (
              <Alert tone="warning" title="The clusters could not be re-read">
                {resync.error.message} The checks use what the worker saw last.
              </Alert>
            ) : null}
            {checks ? (
              applied.kind === "apply" ? (
                <VerifyPanel checks={checks} />
              ) : (
                <Alert tone="info" title="Rolled back">
                  Revision {applied.revision} undoes revision {applied.base};{" "}
                  {watch.done ? "every cluster has reported it." : "the clusters are still syncing."}
                </Alert>
              )
            ) : null}
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
