"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type {
  DnsView,
  DrainStatus,
  GateCheck as GateCheckView,
  MigrationRecord,
  ProbeResponse as ProbeView,
  TrafficResponse,
} from "@/lib/api/schemas/migrations";
import { CheckItem } from "./check-item";

type StageEvent = MigrationRecord["events"][number];

/** The newest event of a kind (and stage prefix) in the record: the evidence a stage shows. */
function newest(record: MigrationRecord | undefined, kind: string, stage?: string): StageEvent | undefined {
  return [...(record?.events ?? [])]
    .reverse()
    .find((e) => e.kind === kind && (!stage || e.stage?.startsWith(stage)));
}

function when(e: StageEvent): string {
  return `${e.actorEmail ?? "Portico"}, ${new Date(e.at).toLocaleString()}${e.revision ? ` · revision ${e.revision}` : ""}`;
}

function Checks({ checks }: { checks: GateCheckView[] }) {
  return (
    <ul className="space-y-1 text-sm" aria-label="Gate checks">
      {checks.map((c) => (
        <CheckItem key={c.check} pass={c.pass}>
          <span className="font-medium">{c.check}</span> · {c.detail}
        </CheckItem>
      ))}
    </ul>
  );
}

/** A held gate's checks, from the 409's details. */
function heldChecks(err: unknown): GateCheckView[] | undefined {
  const d = err instanceof ApiError ? (err.details as { checks?: GateCheckView[] } | undefined) : undefined;
  return Array.isArray(d?.checks) ? d.checks : undefined;
}

/**
 * Step 1 between "serve both" and "cut over": probe both gateways, move DNS in stages, watch the
 * shared gateway drain. Every stage shows its evidence from the migration record, so a reload or
 * another engineer sees the same state; the gates are decided by the server.
 */
export function CutoverPanel({
  product,
  record,
  canMove,
}: {
  product: string;
  record: MigrationRecord | undefined;
  canMove: boolean;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const slug = encodeURIComponent(product);
  const [ca, setCa] = useState("");
  const [reason, setReason] = useState("");
  const dns = useQuery({
    queryKey: queryKeys.migrations.dns(product),
    queryFn: () => apiFetch<DnsView>(`/api/products/${slug}/dns?samples=20`),
    refetchInterval: 15_000,
  });
  const drain = useQuery({
    queryKey: queryKeys.migrations.traffic(product),
    queryFn: () => apiFetch<TrafficResponse>(`/api/products/${slug}/traffic`),
    refetchInterval: 15_000,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.record(product) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.dns(product) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.traffic(product) });
  };
  const probe = useMutation({
    mutationFn: () =>
      apiFetch<ProbeView>(`/api/products/${slug}/probes`, { json: ca.trim() ? { ca: ca.trim() } : {} }),
    onSuccess: refresh,
  });
  const move = useMutation({
    mutationFn: (percent: number | "return") =>
      apiFetch<{ to: number; gate: { verdict: string; checks: GateCheckView[] } }>(
        `/api/products/${slug}/dns-stage`,
        {
          json: {
            percent,
            ...(ca.trim() ? { ca: ca.trim() } : {}),
            ...(reason.trim() ? { override: { reason: reason.trim() } } : {}),
          },
        },
      ),
    onSuccess: () => {
      setReason("");
      refresh();
    },
  });

  const lastProbe = newest(record, "cutover.probed");
  const lastStage = newest(record, "cutover.dns-stage");
  const published = dns.data?.published;
  const percent = published?.managed
    ? Math.min(...published.hosts.map((h) => h.percentToProduct ?? 0))
    : null;
  const stages = published?.managed ? published.stages : [10, 50, 100];
  const next = stages.find((s) => s > (percent ?? 0));
  const held = heldChecks(move.error);
  const offer =
    move.error instanceof ApiError
      ? (move.error.details as { offer?: { why: string } } | undefined)?.offer
      : undefined;

  return (
    <Card>
      <CardHeader
        title="Cutover: move clients to the product gateway"
        description="Both gateways serve the product now. Probe them, move DNS in stages, and cut over once the shared gateway has drained."
      />
      <CardBody className="space-y-5">
        <section aria-labelledby={`${id}-probe`} className="space-y-2">
          <h3 id={`${id}-probe`} className="text-sm font-semibold text-slate-900">
            1. Probe both gateways
          </h3>
          <p className="text-xs text-slate-700">
            Every call class of the API contract is sent to both gateways as an external client and the
            answers are compared. Give the CA the gateways&apos; certificates chain to, or TLS is reported
            unverified.
          </p>
          <Field id={`${id}-ca`} label="CA certificate (PEM, optional)">
            <Textarea
              className="h-16 font-mono text-xs"
              value={ca}
              onChange={(e) => setCa(e.target.value)}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
          </Field>
          <Button variant="secondary" onClick={() => probe.mutate()} disabled={!canMove || probe.isPending}>
            {probe.isPending ? "Probing…" : "Run probe"}
          </Button>
          {probe.isError ? (
            <Alert tone="error" title="The probe did not run">
              {probe.error.message}
            </Alert>
          ) : null}
          {probe.data ? <ProbeTable report={probe.data} /> : null}
          {!probe.data && lastProbe ? <RecordedProbe event={lastProbe} /> : null}
        </section>

        <section aria-labelledby={`${id}-dns`} className="space-y-2">
          <h3 id={`${id}-dns`} className="text-sm font-semibold text-slate-900">
            2. DNS in stages{" "}
            {percent !== null ? <Badge tone="info">{percent} % to the product gateway</Badge> : null}
          </h3>
          <DnsFacts view={dns.data} error={dns.error?.message} />
          {lastStage ? (
            <p className="text-xs text-slate-700">
              Last stage: {(lastStage.evidence as { to: number }).to} % ({when(lastStage)}), gate{" "}
              {(lastStage.evidence as { gate: { verdict: string } }).gate.verdict}.
            </p>
          ) : null}
          <div className="flex flex-wrap items-end gap-2">
            {next !== undefined ? (
              <Button onClick={() => move.mutate(next)} disabled={!canMove || move.isPending}>
                {move.isPending ? "Moving…" : `Move DNS to ${next} %`}
              </Button>
            ) : null}
            {percent ? (
              <Button
                variant="secondary"
                onClick={() => move.mutate("return")}
                disabled={!canMove || move.isPending}
              >
                Return all clients to the shared gateway
              </Button>
            ) : null}
          </div>
          {held ? (
            <div className="space-y-2">
              <Alert tone="error" title="The stage is held">
                <Checks checks={held} />
                {offer ? <p className="mt-2">{offer.why}.</p> : null}
              </Alert>
              <Field id={`${id}-reason`} label="Override reason (platform engineers; audited)">
                <Input
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="Why the failed check may be ignored"
                />
              </Field>
            </div>
          ) : move.isError ? (
            <Alert tone="error" title="DNS did not move">
              {move.error.message}
            </Alert>
          ) : null}
          {move.data ? (
            <Alert tone="info" title={`DNS at ${move.data.to} %`}>
              <Checks checks={move.data.gate.checks} />
            </Alert>
          ) : null}
        </section>

        <section aria-labelledby={`${id}-drain`} className="space-y-2">
          <h3 id={`${id}-drain`} className="text-sm font-semibold text-slate-900">
            3. Drain of the shared gateway{" "}
            {drain.data ? (
              <Badge
                tone={
                  drain.data.verdict === "drained"
                    ? "success"
                    : drain.data.verdict === "unknown"
                      ? "warning"
                      : "info"
                }
              >
                {drain.data.verdict}
              </Badge>
            ) : null}
          </h3>
          {drain.isError ? (
            <Alert tone="error" title="Drain status unavailable">
              {drain.error.message}
            </Alert>
          ) : null}
          {drain.data ? <DrainFacts status={drain.data} /> : null}
          <p className="text-xs text-slate-700">
            4. Once drained, choose &ldquo;Cut over&rdquo; above and preview: Portico checks DNS and the drain
            again before it removes the hosts from the shared gateway.
          </p>
        </section>
      </CardBody>
    </Card>
  );
}

function ProbeTable({ report }: { report: ProbeView }) {
  const notSame = report.results.filter((r) => r.verdict !== "same");
  return (
    <div className="space-y-1 text-sm">
      <p role="status">
        {report.summary.same} of {report.summary.calls} call classes answer the same
        {report.summary.differs ? `, ${report.summary.differs} differ` : ""}
        {report.summary.failed ? `, ${report.summary.failed} failed` : ""}.
      </p>
      {notSame.length ? (
        <ul className="list-disc pl-5 text-xs">
          {notSame.slice(0, 20).map((r, i) => (
            <li key={i}>
              {r.cluster}: {r.call.method} {r.call.host}
              {r.call.path} — {r.verdict}
              {r.why ? ` (${r.why})` : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function RecordedProbe({ event }: { event: StageEvent }) {
  const e = event.evidence as
    | {
        ran: true;
        ok: boolean;
        summary: ProbeView["summary"];
        notSame: { cluster: string; method: string; host: string; path: string; verdict: string }[];
      }
    | { ran: false; why: string };
  if (!e.ran) return <p className="text-sm">Last probe did not run: {e.why}</p>;
  return (
    <p className="text-sm">
      Last probe ({when(event)}): {e.summary.same} of {e.summary.calls} call classes the same
      {e.notSame.length
        ? `; e.g. ${e.notSame[0]!.method} ${e.notSame[0]!.host}${e.notSame[0]!.path} ${e.notSame[0]!.verdict}`
        : ""}
      .
    </p>
  );
}

function DnsFacts({ view, error }: { view: DnsView | undefined; error?: string }) {
  if (error)
    return (
      <Alert tone="error" title="DNS status unavailable">
        {error}
      </Alert>
    );
  if (!view) return <p className="text-sm text-slate-700">Reading DNS…</p>;
  return (
    <div className="space-y-1 text-sm">
      {view.published.managed ? (
        <ul className="list-disc pl-5">
          {view.published.hosts.map((h) => (
            <li key={h.host}>
              Published: {h.host} —{" "}
              {h.records.map((r) => `${r.setIdentifier} ${r.weight} (${r.targets.join(", ")})`).join(" · ")}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-700">{view.published.why}</p>
      )}
      {view.observed.configured ? (
        <ul className="list-disc pl-5">
          {view.observed.hosts.map((h) => (
            <li key={h.host}>
              Observed at {view.observed.configured ? view.observed.resolver : ""}: {h.host} →{" "}
              {h.answers.map((a) => `${a.answer.join(", ")} ×${a.count}`).join(" · ") || "no answer"}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-700">{view.observed.why}</p>
      )}
    </div>
  );
}

function DrainFacts({ status }: { status: DrainStatus }) {
  return (
    <div className="space-y-1 text-sm">
      <p>{status.reason}</p>
      {status.sharedGateway?.sources.length ? (
        <ul className="list-disc pl-5 text-xs">
          {status.sharedGateway.sources.map((s, i) => (
            <li key={i}>
              {s.kind === "internal" ? `${s.namespace}/${s.workload}` : "external clients"}:{" "}
              {s.requestsPerSecond.toFixed(2)} req/s
            </li>
          ))}
        </ul>
      ) : null}
      {status.queries.length ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-700">PromQL behind these figures</summary>
          <pre className="overflow-x-auto whitespace-pre-wrap break-all">{status.queries.join("\n")}</pre>
        </details>
      ) : null}
    </div>
  );
}
