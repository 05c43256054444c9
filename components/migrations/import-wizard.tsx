"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { ImportResponse, OwnerProposal } from "@/lib/api/schemas/migrations";
import type { RevisionCreated } from "@/lib/api/schemas/revisions";
import { FindingsList } from "./findings-list";
import { useMigrations } from "./use-migrations";

/**
 * Step 0 of the journey: read a cluster's shared ingress, review and edit the owner of each host,
 * see the findings, and save the proposal as a new revision.
 */
/** The owner columns a person may correct, with their labels. */
const OWNER_FIELDS = [
  ["product", "Product"],
  ["team", "Team"],
] as const;

export function ImportWizard({ initialCluster }: { initialCluster?: string }) {
  const ids = useId();
  const queryClient = useQueryClient();
  const migrations = useMigrations();
  const [cluster, setCluster] = useState(initialCluster ?? "");
  const [owners, setOwners] = useState<OwnerProposal[]>([]);
  const [message, setMessage] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const [saved, setSaved] = useState<number | null>(null);

  const read = useMutation({
    mutationFn: (input: { cluster: string; owners?: OwnerProposal[] }) =>
      apiFetch<ImportResponse>(`/api/clusters/${encodeURIComponent(input.cluster)}/import`, {
        json: input.owners
          ? { owners: input.owners.map(({ host, product, team }) => ({ host, product, team })) }
          : {},
      }),
    onSuccess: (res) => {
      setOwners(res.owners);
      setSaved(null);
      setMessage((m) => m || `Import the shared ingress of ${res.cluster}`);
    },
  });
  const save = useMutation({
    mutationFn: (input: { document: unknown; message: string; override?: { reason: string } }) =>
      apiFetch<RevisionCreated>("/api/revisions", { json: input }),
    onSuccess: (res) => {
      setSaved(res.number);
      void queryClient.invalidateQueries({ queryKey: queryKeys.migrations.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.topology.all });
    },
  });

  const clusters = migrations.data?.clusters ?? [];
  const chosen = cluster || clusters[0]?.name || "";
  const result = read.data;
  const edited = result
    ? owners.some((o, i) => o.product !== result.owners[i]?.product || o.team !== result.owners[i]?.team)
    : false;
  const errors = result?.findings.filter((f) => f.severity === "error") ?? [];

  function onRead(e: FormEvent) {
    e.preventDefault();
    if (chosen) read.mutate({ cluster: chosen });
  }
  function setOwner(i: number, field: "product" | "team", value: string) {
    setOwners((list) => list.map((o, j) => (j === i ? { ...o, [field]: value } : o)));
  }

  return (
    <div className="space-y-5">
      <Card>
        <CardHeader
          title="1. Read the cluster"
          description="Lists Istio Gateways, VirtualServices, Ingress objects and Services. Nothing in the cluster changes."
        />
        <CardBody>
          <form onSubmit={onRead} className="flex flex-wrap items-end gap-3">
            <Field id={`${ids}-cluster`} label="Cluster" className="min-w-48 max-w-full">
              <Select
                value={chosen}
                onChange={(e) => setCluster(e.target.value)}
                disabled={clusters.length === 0}
              >
                {clusters.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} {c.zone ? `(${c.zone})` : ""}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" disabled={!chosen || read.isPending}>
              {read.isPending ? "Reading…" : "Read shared ingress"}
            </Button>
          </form>
          {clusters.length === 0 && migrations.isSuccess ? (
            <p className="mt-2 text-sm text-slate-700">
              No cluster is registered.{" "}
              <Link className="text-indigo-700 underline" href="/clusters">
                Register one
              </Link>{" "}
              first.
            </p>
          ) : null}
          {read.isPending ? (
            <p role="status" className="mt-2 text-sm text-slate-700">
              Reading {chosen}… this takes a few seconds on a large cluster.
            </p>
          ) : null}
          {read.isError ? (
            <div className="mt-3">
              <Alert tone="error" title="The cluster could not be read">
                {read.error.message}
              </Alert>
            </div>
          ) : null}
        </CardBody>
      </Card>

      {result ? (
        <>
          <Card>
            <CardHeader
              title="2. Owners per host"
              description={`${result.imported.length} object(s) read from ${result.cluster}; merged into ${result.baseRevision ? `revision ${result.baseRevision}` : "a new topology"}. Change a product or team, then recompute.`}
            />
            <CardBody className="space-y-3">
              {owners.length === 0 ? (
                <p className="text-sm text-slate-700">
                  No host is served by the shared gateway of {result.cluster}.
                </p>
              ) : (
                <Table caption="Proposed owner of each host">
                  <THead columns={["Host", "Product", "Team", "Why"]} />
                  <TBody>
                    {owners.map((o, i) => (
                      <tr key={o.host}>
                        <Td wrap="code" className="font-mono text-xs">
                          {o.host}
                        </Td>
                        {OWNER_FIELDS.map(([field, label]) => (
                          <Td key={field}>
                            {/* Note: a floor on the width, or the table squeezes the inputs to
                                nothing next to a 253-character host. */}
                            <Field id={`${ids}-${field}-${i}`} label={`${label} of ${o.host}`} labelHidden>
                              <Input
                                compact
                                className="min-w-36"
                                value={o[field]}
                                onChange={(e) => setOwner(i, field, e.target.value)}
                              />
                            </Field>
                          </Td>
                        ))}
                        <Td wrap="text" className="text-xs text-slate-700">
                          {o.reason}
                        </Td>
                      </tr>
                    ))}
                  </TBody>
                </Table>
              )}
              <div className="flex flex-wrap items-center gap-3">
                <Button
                  variant="secondary"
                  disabled={!edited || read.isPending}
                  onClick={() => read.mutate({ cluster: result.cluster, owners })}
                >
                  Recompute with these owners
                </Button>
                {edited ? (
                  <span className="text-xs text-amber-800">
                    Owners changed: recompute to see the resulting topology and findings.
                  </span>
                ) : null}
              </div>
              {result.notes.map((n) => (
                <Alert key={n} tone="warning">
                  {n}
                </Alert>
              ))}
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="3. Findings"
              description="Risky patterns found while reading (PTI) and the analyzer's verdict on the merged topology (PTC)."
            />
            <CardBody>
              <FindingsList
                findings={result.findings}
                empty="No risky pattern found and the analyzer reports nothing."
              />
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="4. Save as a revision"
              description="Creates the next revision and queues its sync to the clusters it names. Portico takes over the objects it read only field by field: what the import left out (see the findings) stays in the cluster, and a forced sync refuses an object rather than remove it."
            />
            <CardBody>
              <form
                className="flex flex-wrap items-end gap-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  save.mutate({
                    document: result.proposal,
                    message,
                    ...(errors.length > 0 && overrideReason.trim()
                      ? { override: { reason: overrideReason.trim() } }
                      : {}),
                  });
                }}
              >
                <Field id={`${ids}-message`} label="Message" className="min-w-64 flex-1">
                  <Input value={message} onChange={(e) => setMessage(e.target.value)} required />
                </Field>
                <Button
                  type="submit"
                  disabled={edited || save.isPending || !message.trim() || owners.length === 0}
                >
                  {save.isPending ? "Saving…" : "Save revision"}
                </Button>
              </form>
              {errors.length > 0 ? (
                <div className="mt-3 max-w-3xl space-y-1">
                  <p className="text-sm text-amber-900">
                    {errors.length} error finding(s): a revision with analyzer errors is refused unless a
                    platform engineer says why it may be saved anyway (recorded in the audit log). Migration
                    steps stay blocked until the errors are fixed.
                  </p>
                  <Field id={`${ids}-override`} label="Why save despite the errors (at least 10 characters)">
                    <Textarea
                      rows={2}
                      value={overrideReason}
                      onChange={(e) => setOverrideReason(e.target.value)}
                    />
                  </Field>
                </div>
              ) : null}
              {save.isError ? (
                <div className="mt-3">
                  <Alert tone="error" title="Not saved">
                    {save.error.message}
                  </Alert>
                </div>
              ) : null}
              {saved ? (
                <div className="mt-3">
                  <Alert tone="info" title={`Revision ${saved} saved`}>
                    The import is the desired state now.{" "}
                    <Link className="font-medium underline" href="/migrations">
                      Plan the migration of each product
                    </Link>
                    .
                  </Alert>
                </div>
              ) : null}
            </CardBody>
          </Card>
        </>
      ) : null}
    </div>
  );
}
