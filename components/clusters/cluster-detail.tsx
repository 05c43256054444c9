"use client";
// One cluster: its gateways' health, what Portico manages there (filterable, problems first), the
// sync history, and sync / revert / force actions that show progress until the worker's run ends.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useEffect, useMemo, useState } from "react";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Options } from "@/components/ui/select";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { OBJECT_STATUSES, ObjectStatusBadge, objectStatusLabel } from "./cluster-status-badge";
import type { SyncQueued } from "@/lib/api/schemas/clusters";
import { clusterInventoryQuery, clusterRunsQuery } from "./cluster-sync-queries";
import { DriftDetails } from "./drift-details";
import { ForceSyncDialog } from "./force-sync-dialog";

type Mode = "sync" | "revert" | "force";

const PROBLEM = new Set(["error", "drifted", "waiting", "out_of_sync", "out-of-sync"]);
const RUN_TONE = { running: "info", succeeded: "success", failed: "danger", partial: "warning" } as const;

/** `conflict` as stored by the sync: managers and the fields they own, in whatever shape it came. */
export function describeConflict(conflict: unknown): string | undefined {
  if (!conflict) return undefined;
  if (typeof conflict === "string") return conflict;
  if (Array.isArray(conflict)) return conflict.map(describeConflict).filter(Boolean).join("; ");
  if (typeof conflict === "object") {
    const c = conflict as Record<string, unknown>;
    // The sync stores { conflicts: [{ manager, field }] }: fields grouped by the manager holding them.
    if (Array.isArray(c.conflicts)) {
      const byManager = new Map<string, string[]>();
      for (const x of c.conflicts as { manager?: string; field?: string }[])
        byManager.set(x.manager ?? "?", [...(byManager.get(x.manager ?? "?") ?? []), x.field ?? "?"]);
      return [...byManager].map(([m, fields]) => `${fields.join(", ")} owned by "${m}"`).join("; ");
    }
    const managers = c.managers ?? c.manager;
    const fields = c.fields;
    const parts: string[] = [];
    if (managers)
      parts.push(
        `managers: ${Array.isArray(managers) ? managers.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(", ") : String(managers)}`,
      );
    if (fields) parts.push(`fields: ${Array.isArray(fields) ? fields.join(", ") : JSON.stringify(fields)}`);
    return parts.length ? parts.join(" · ") : JSON.stringify(conflict);
  }
  return String(conflict);
}

const time = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 19)} UTC` : "—");

export function ClusterDetail({
  name,
  newestRevision,
  canReadSync,
  canSync,
  canAdopt = false,
}: {
  name: string;
  newestRevision: number | null;
  canReadSync: boolean;
  canSync: boolean;
  /** May make a revision (topology:write): adopting drift does. */
  canAdopt?: boolean;
}) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState<{ mode: Mode; at: number }>();
  const [confirmForce, setConfirmForce] = useState(false);
  const [filters, setFilters] = useState({ status: "", kind: "", product: "" });
  /** The drifted object whose diff is open, by key. */
  const [openDrift, setOpenDrift] = useState<string>();

  const [stalled, setStalled] = useState<number>();
  useEffect(() => {
    if (!since) return;
    const t = setTimeout(() => setStalled(since.at), 60_000);
    return () => clearTimeout(t);
  }, [since]);
  // Poll fast from the click until the run it started has finished.
  const [finishedAt, setFinishedAt] = useState<number>();
  const watching = since !== undefined && finishedAt !== since.at;
  const inventory = useQuery({
    ...clusterInventoryQuery(name),
    enabled: canReadSync,
    refetchInterval: watching ? 1500 : 15_000,
  });
  const runs = useQuery({
    ...clusterRunsQuery(name),
    enabled: canReadSync,
    refetchInterval: watching ? 1500 : 15_000,
  });

  // The run our click started: the newest one that began after the click (clock skew allowance 5 s).
  const ourRun = since
    ? runs.data?.runs.find((r) => new Date(r.startedAt).getTime() >= since.at - 5000)
    : undefined;
  const finished = Boolean(ourRun && ourRun.outcome !== "running" && ourRun.finishedAt);
  const waitingTooLong = since !== undefined && !ourRun && stalled === since.at;
  useEffect(() => {
    if (finished && since)
      void queryClient
        .invalidateQueries({ queryKey: queryKeys.clusters.inventory(name) })
        .then(() => setFinishedAt(since.at));
  }, [finished, since, queryClient, name]);

  const sync = useMutation({
    mutationFn: (mode: Mode) =>
      apiFetch<SyncQueued>(`/api/clusters/${encodeURIComponent(name)}/sync`, { json: { mode } }),
    onMutate: (mode) => setSince({ mode, at: Date.now() }),
    onError: () => setSince(undefined),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.clusters.runs(name) }),
  });

  const objects = useMemo(() => inventory.data?.objects ?? [], [inventory.data]);
  const facets = useMemo(
    () => ({
      kind: [...new Set(objects.map((o) => o.kind))].sort(),
      product: [...new Set(objects.flatMap((o) => (o.productSlug ? [o.productSlug] : [])))].sort(),
      status: OBJECT_STATUSES.filter((s) =>
        objects.some((o) => o.status === s || objectStatusLabel(o.status) === objectStatusLabel(s)),
      ),
    }),
    [objects],
  );
  const shown = useMemo(
    () =>
      objects
        .filter(
          (o) =>
            (!filters.status || objectStatusLabel(o.status) === objectStatusLabel(filters.status)) &&
            (!filters.kind || o.kind === filters.kind) &&
            (!filters.product || o.productSlug === filters.product),
        )
        // Problems first, so drift and errors are not lost among hundreds of synced objects.
        .sort((a, b) => Number(PROBLEM.has(b.status)) - Number(PROBLEM.has(a.status))),
    [objects, filters],
  );
  const gateways = useMemo(() => {
    const services = new Map(
      objects.filter((o) => o.kind === "Service").map((o) => [`${o.namespace}/${o.name}`, o]),
    );
    return objects
      .filter((o) => o.kind === "Deployment")
      .map((d) => ({ deployment: d, service: services.get(`${d.namespace}/${d.name}`) }));
  }, [objects]);
  const conflicts = objects
    .filter((o) => o.conflict)
    .map((o) => ({
      key: `${o.kind} ${o.namespace}/${o.name}`,
      managers: describeConflict(o.conflict) ?? "",
    }));

  if (!canReadSync) {
    return (
      <Alert tone="info">
        Your role can see this cluster&apos;s health but not what is synced to it (that needs the sync:read
        permission).
      </Alert>
    );
  }

  const observed = inventory.data?.cluster.observedRevision?.number;
  return (
    <div className="space-y-5">
      <Card>
        <CardHeader
          title="Sync"
          description={
            observed === undefined
              ? "Nothing has been applied to this cluster yet."
              : newestRevision !== null && observed < newestRevision
                ? `Holds revision #${observed}; the newest is #${newestRevision}.`
                : `Holds revision #${observed}, the newest.`
          }
          actions={
            canSync ? (
              <div className="flex flex-wrap gap-2">
                <Button onClick={() => sync.mutate("sync")} disabled={sync.isPending || watching}>
                  Sync now
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => sync.mutate("revert")}
                  disabled={sync.isPending || watching}
                >
                  Revert drift
                </Button>
                <Button
                  variant="danger"
                  onClick={() => setConfirmForce(true)}
                  disabled={sync.isPending || watching}
                >
                  Force (take over conflicting fields)
                </Button>
              </div>
            ) : (
              <p className="text-xs text-slate-700">Your role cannot start syncs.</p>
            )
          }
        />
        <CardBody className="space-y-2">
          {sync.error ? (
            <Alert tone="error" title="The sync was not queued">
              {sync.error.message}
            </Alert>
          ) : null}
          {since && watching ? (
            <div
              role="status"
              className="flex items-center gap-2 text-sm text-slate-800"
              data-testid="sync-progress"
            >
              <span
                className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-indigo-600 border-t-transparent"
                aria-hidden="true"
              />
              {!ourRun
                ? waitingTooLong
                  ? "Queued, but no worker has picked it up for a minute: is the sync worker (npm run worker) running?"
                  : `Queued ${since.mode}; waiting for the worker…`
                : `Running ${since.mode}: ${ourRun.applied} applied, ${ourRun.unchanged} unchanged, ${ourRun.errors} errors so far…`}
            </div>
          ) : runs.data?.runs[0] && runs.data.runs[0].finishedAt ? (
            <p className="text-sm text-slate-800" role="status">
              Last run {time(runs.data.runs[0].finishedAt)}:{" "}
              <Badge tone={RUN_TONE[runs.data.runs[0].outcome]}>{runs.data.runs[0].outcome}</Badge>{" "}
              {runs.data.runs[0].message ?? ""}
            </p>
          ) : null}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Gateway health"
          description="Ready replicas of each gateway Deployment and the load-balancer addresses of its Service, as last observed."
        />
        <CardBody>
          {gateways.length === 0 ? (
            <p className="text-sm text-slate-700">
              No product gateway is deployed here yet. Add one to the topology (Migrations → insert a product
              gateway) and sync.
            </p>
          ) : (
            <Table caption="Gateway health">
              <THead columns={["Gateway", "Ready", "Addresses", "Status"]} />
              <TBody>
                {gateways.map(({ deployment: d, service: s }) => {
                  const obs = d.observed?.kind === "Deployment" ? d.observed : undefined;
                  const addresses = s?.observed?.kind === "Service" ? (s.observed.addresses ?? []) : [];
                  const ready = obs ? `${obs.readyReplicas ?? 0}/${obs.replicas ?? 0}` : "not observed";
                  return (
                    <tr key={`${d.namespace}/${d.name}`}>
                      <Td className="font-medium">
                        {d.namespace}/{d.name}
                      </Td>
                      <Td>
                        <Badge tone={obs?.ready ? "success" : obs ? "warning" : "neutral"}>{ready}</Badge>
                      </Td>
                      <Td className="font-mono text-xs">
                        {addresses.length ? addresses.join(", ") : "none yet"}
                      </Td>
                      <Td>
                        <ObjectStatusBadge status={d.status} />
                      </Td>
                    </tr>
                  );
                })}
              </TBody>
            </Table>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Inventory"
          description={`What Portico manages in ${name}: ${objects.length} objects; waiting, drifted, out-of-sync and failed ones first.`}
        />
        <CardBody className="space-y-3">
          <div className="flex flex-wrap gap-3 text-sm">
            {(["status", "kind", "product"] as const).map((key) => (
              <label key={key} className="flex items-center gap-1.5">
                <span className="capitalize text-slate-800">{key}</span>
                <select
                  className="rounded border border-slate-300 px-2 py-1"
                  value={filters[key]}
                  onChange={(e) => setFilters((f) => ({ ...f, [key]: e.target.value }))}
                >
                  <option value="">all</option>
                  <Options
                    options={(facets[key] as readonly string[]).map((v) => ({
                      value: v,
                      label: key === "status" ? objectStatusLabel(v) : v,
                    }))}
                  />
                </select>
              </label>
            ))}
          </div>
          {inventory.isPending ? (
            <p role="status" className="text-sm text-slate-800">
              Loading the inventory…
            </p>
          ) : inventory.error ? (
            <Alert tone="error" title="The inventory could not be loaded">
              {inventory.error.message} Reload the page to try again.
            </Alert>
          ) : objects.length === 0 ? (
            <p className="text-sm text-slate-700">
              Nothing synced yet. Press “Sync now” to apply the newest revision, or add this cluster to the
              topology first.
            </p>
          ) : (
            // Note: a focusable, labelled scroll region (not the Table primitive): long messages and
            // names can make this table wider than the page, and keyboard users must reach it all.
            <div
              role="region"
              aria-label="Inventory objects, scrollable"
              tabIndex={0}
              className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Inventory objects</caption>
                <THead columns={["Kind", "Namespace / name", "Product", "Status", "Revision", "Message"]} />
                <TBody>
                  {shown.map((o) => {
                    const conflict = describeConflict(o.conflict);
                    const key = `${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`;
                    return (
                      <Fragment key={key}>
                        <tr
                          className={
                            o.status === "error"
                              ? "bg-red-50"
                              : PROBLEM.has(o.status)
                                ? "bg-amber-50"
                                : undefined
                          }
                        >
                          <Td>{o.kind}</Td>
                          <Td wrap="code" className="font-mono text-xs">
                            {o.namespace ? `${o.namespace}/` : ""}
                            {o.name}
                          </Td>
                          <Td>{o.productSlug ?? "—"}</Td>
                          <Td>
                            <ObjectStatusBadge status={o.status} />
                          </Td>
                          <Td>{o.revisionNumber ? `#${o.revisionNumber}` : "—"}</Td>
                          <Td wrap="text" className="text-xs">
                            {o.message ?? ""}
                            {conflict ? (
                              <div className="mt-0.5 font-medium text-red-800">Conflict · {conflict}</div>
                            ) : null}
                            {o.status === "drifted" ? (
                              <button
                                type="button"
                                className="mt-1 text-indigo-700 underline underline-offset-2"
                                aria-expanded={openDrift === key}
                                onClick={() => setOpenDrift(openDrift === key ? undefined : key)}
                              >
                                {openDrift === key ? "Hide the diff" : "Show live against desired"}
                              </button>
                            ) : null}
                          </Td>
                        </tr>
                        {openDrift === key ? (
                          <tr className="bg-amber-50">
                            <td colSpan={6} className="px-3 pb-3">
                              <DriftDetails
                                cluster={name}
                                objectKey={key}
                                canSync={canSync}
                                canAdopt={canAdopt}
                                busy={sync.isPending || watching}
                                onRevert={() => sync.mutate("revert")}
                              />
                            </td>
                          </tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </TBody>
              </table>
            </div>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Sync history"
          description="The newest 20 runs of the sync worker against this cluster."
        />
        <CardBody>
          {runs.isPending ? (
            <p role="status" className="text-sm text-slate-800">
              Loading runs…
            </p>
          ) : runs.error ? (
            <Alert tone="error">{runs.error.message}</Alert>
          ) : runs.data.runs.length === 0 ? (
            <p className="text-sm text-slate-700">No sync has run yet.</p>
          ) : (
            <Table caption="Sync runs">
              <THead
                columns={[
                  "Started",
                  "Revision",
                  "Outcome",
                  "Applied",
                  "Deleted",
                  "Unchanged",
                  "Errors",
                  "Message",
                ]}
              />
              <TBody>
                {runs.data.runs.map((r) => (
                  <tr key={r.id}>
                    <Td>{time(r.startedAt)}</Td>
                    <Td>#{r.revision.number}</Td>
                    <Td>
                      <Badge tone={RUN_TONE[r.outcome]}>{r.outcome}</Badge>
                    </Td>
                    <Td>{r.applied}</Td>
                    <Td>{r.deleted}</Td>
                    <Td>{r.unchanged}</Td>
                    <Td>{r.errors}</Td>
                    <Td wrap="text" className="text-xs">
                      {r.message ?? ""}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </CardBody>
      </Card>

      <ForceSyncDialog
        open={confirmForce}
        cluster={name}
        conflicts={conflicts}
        onCancel={() => setConfirmForce(false)}
        onConfirm={() => {
          setConfirmForce(false);
          sync.mutate("force");
        }}
      />
    </div>
  );
}
