"use client";
// Side panel for the selected node or group: what it is, the analyzer's findings about it, and the
// YAML of the Kubernetes objects Portico renders for it (use-node-objects.ts: from the server for a
// revision, in the browser for a draft file).
import { useEffect, useRef, useState } from "react";
import type { Finding } from "@/lib/analysis/finding";
import type { RenderFormat } from "@/lib/istio";
import type { ChangeStatus, FindingCounts, GraphNode, VisibleGroup } from "@/lib/topology-graph";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { useNodeObjects, type ObjectsSource } from "./use-node-objects";

const SEVERITY_TONE = { error: "danger", warning: "warning", info: "info" } as const;

function FindingList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0)
    return <p className="text-sm text-slate-700">No findings: the analyzer has nothing to report here.</p>;
  return (
    <ul className="space-y-2">
      {findings.map((f, i) => (
        <li key={`${f.code}-${i}`} className="rounded border border-slate-200 p-2 text-sm">
          <div className="flex items-center gap-2">
            <Badge tone={SEVERITY_TONE[f.severity]}>{f.severity}</Badge>
            <span className="font-mono text-xs">{f.code}</span>
            <span className="font-medium">{f.name}</span>
          </div>
          <p className="mt-1 text-slate-800">{f.message}</p>
          <p className="mt-1 text-xs text-slate-700">Fix: {f.hint}</p>
        </li>
      ))}
    </ul>
  );
}

export type PanelSubject =
  | {
      type: "node";
      node: GraphNode;
      findings?: FindingCounts;
      change?: ChangeStatus;
      objects: ObjectsSource;
    }
  | { type: "group"; group: VisibleGroup; errors: number; warnings: number; onToggle: (id: string) => void };

export function NodeDetailsPanel({ subject, onClose }: { subject: PanelSubject; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const [format, setFormat] = useState<RenderFormat>("istio");
  useEffect(() => {
    closeRef.current?.focus({ preventScroll: true });
  }, [subject]);

  const title = subject.type === "node" ? subject.node.label : subject.group.label;
  return (
    <aside
      aria-label={`Details of ${title}`}
      data-testid="node-details"
      className="flex h-full w-[28rem] shrink-0 flex-col overflow-hidden border-l border-slate-200 bg-white"
    >
      <div className="flex items-start justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <div className="min-w-0">
          <p className="text-xs uppercase tracking-wide text-slate-700">
            {subject.type === "node"
              ? subject.node.kind === "gateway"
                ? `${subject.node.gatewayMode} gateway`
                : subject.node.kind
              : subject.group.kind === "hosts"
                ? "group"
                : subject.group.kind}
          </p>
          <h2 className="truncate text-base font-semibold text-slate-900">{title}</h2>
        </div>
        <button
          ref={closeRef}
          type="button"
          className={buttonClasses("secondary")}
          onClick={onClose}
          aria-label="Close details (Escape)"
        >
          Close
        </button>
      </div>
      <div className="flex-1 space-y-4 overflow-y-auto px-4 py-3">
        {subject.type === "group" ? (
          <GroupDetails subject={subject} />
        ) : (
          <NodeDetails subject={subject} format={format} setFormat={setFormat} />
        )}
      </div>
    </aside>
  );
}

function GroupDetails({ subject }: { subject: Extract<PanelSubject, { type: "group" }> }) {
  const { group } = subject;
  return (
    <>
      <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-y-1 text-sm">
        <dt className="text-slate-700">Nodes inside</dt>
        <dd>{group.nodeCount}</dd>
        {group.cluster ? (
          <>
            <dt className="text-slate-700">Cluster</dt>
            <dd>{group.cluster}</dd>
          </>
        ) : null}
        <dt className="text-slate-700">Findings</dt>
        <dd>
          {subject.errors} error(s), {subject.warnings} warning(s)
        </dd>
      </dl>
      <Button onClick={() => subject.onToggle(group.id)}>
        {group.expanded ? "Collapse" : "Expand"} this group
      </Button>
    </>
  );
}

function NodeDetails({
  subject,
  format,
  setFormat,
}: {
  subject: Extract<PanelSubject, { type: "node" }>;
  format: RenderFormat;
  setFormat: (f: RenderFormat) => void;
}) {
  const { node } = subject;
  const rendered =
    !(node.kind === "gateway" && node.gatewayMode === "shared") &&
    node.kind !== "client" &&
    subject.change !== "removed";
  const objects = useNodeObjects(subject.objects, node, format, rendered);
  const yaml = objects.clusters ?? [];

  return (
    <>
      <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-y-1 text-sm">
        {node.cluster ? (
          <>
            <dt className="text-slate-700">Cluster</dt>
            <dd>{node.cluster}</dd>
          </>
        ) : null}
        {node.namespace ? (
          <>
            <dt className="text-slate-700">Namespace</dt>
            <dd>{node.namespace}</dd>
          </>
        ) : null}
        <dt className="text-slate-700">Products</dt>
        <dd>{node.products.join(", ") || "—"}</dd>
        <dt className="text-slate-700">Teams</dt>
        <dd>{node.teams.join(", ") || "—"}</dd>
        {subject.change ? (
          <>
            <dt className="text-slate-700">Compared</dt>
            <dd>{subject.change}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="findings-heading">
        <h3 id="findings-heading" className="mb-2 text-sm font-semibold text-slate-900">
          Findings
        </h3>
        <FindingList findings={subject.findings?.findings ?? []} />
      </section>
      <section aria-labelledby="yaml-heading">
        <div className="mb-2 flex items-center justify-between">
          <h3 id="yaml-heading" className="text-sm font-semibold text-slate-900">
            Rendered objects
          </h3>
          <label className="text-xs text-slate-800">
            Format{" "}
            <select
              value={format}
              onChange={(e) => setFormat(e.target.value as RenderFormat)}
              className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
            >
              <option value="istio">Istio</option>
              <option value="gateway-api">Gateway API</option>
            </select>
          </label>
        </div>
        {node.kind === "gateway" && node.gatewayMode === "shared" ? (
          <p className="text-sm text-slate-700">
            A shared gateway belongs to the cluster: Portico routes through it but never renders or changes
            it.
          </p>
        ) : subject.change === "removed" ? (
          <p className="text-sm text-slate-700">
            This node is gone in the newer revision; nothing is rendered for it.
          </p>
        ) : objects.error ? (
          <p className="text-sm text-red-800">The rendered objects cannot be shown: {objects.error}</p>
        ) : rendered && !objects.clusters ? (
          <p role="status" className="text-sm text-slate-700">
            Rendering…
          </p>
        ) : yaml.length === 0 ? (
          <p className="text-sm text-slate-700">
            {node.kind === "client"
              ? "Clients are not rendered: they are workloads Portico only routes for."
              : "Nothing is rendered for this node in this format."}
          </p>
        ) : (
          yaml.map((y) => (
            <div key={y.cluster} className="mb-3">
              <p className="mb-1 text-xs font-medium text-slate-800">
                {y.cluster}: {y.count} object{y.count === 1 ? "" : "s"}
              </p>
              <pre
                data-testid="node-yaml"
                tabIndex={0}
                className="max-h-96 overflow-auto rounded bg-slate-900 p-2 text-xs leading-5 text-slate-100"
              >
                {y.yaml}
              </pre>
            </div>
          ))
        )}
      </section>
    </>
  );
}
