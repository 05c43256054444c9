"use client";
// The node kinds drawn on the topology canvas: hosts, clients, gateways (shared and product look
// different) and services, plus cluster / namespace / hosts groups that fold and unfold.
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { memo } from "react";
import type { ChangeStatus, FindingCounts, GraphNode, VisibleGroup } from "@/lib/topology-graph";
import { cn } from "@/components/ui/cn";
import { KIND_STYLE } from "./kind-style";

export type ItemNodeData = {
  node: GraphNode;
  findings?: FindingCounts;
  change?: ChangeStatus;
  match: boolean;
  dimmed: boolean;
};
export type GroupNodeData = {
  group: VisibleGroup;
  matches: number;
  errors: number;
  warnings: number;
  changes: number;
  onToggle: (id: string) => void;
};
export type ItemFlowNode = Node<ItemNodeData, "item">;
// Note: not "group", which React Flow styles as its own built-in group node (border, padding).
export type GroupFlowNode = Node<GroupNodeData, "cluster-group">;

const KIND_LABEL = { host: "host", client: "client", gateway: "gateway", service: "service" } as const;

const CHANGE_STYLE: Record<ChangeStatus, string> = {
  added: "ring-4 ring-emerald-400",
  removed: "opacity-60 ring-4 ring-red-400 line-through",
  changed: "ring-4 ring-amber-400",
  unchanged: "",
};

export function FindingBadges({ errors, warnings }: { errors: number; warnings: number }) {
  if (!errors && !warnings) return null;
  return (
    <span className="flex gap-1">
      <FindingCount count={errors} severity="error" short="err" colours="bg-red-700 text-white" />
      <FindingCount count={warnings} severity="warning" short="warn" colours="bg-amber-300 text-amber-950" />
    </span>
  );
}

function FindingCount(p: { count: number; severity: string; short: string; colours: string }) {
  if (!p.count) return null;
  return (
    <span
      className={cn("rounded px-1 text-[11px] font-semibold", p.colours)}
      title={`${p.count} ${p.severity} finding(s)`}
    >
      {p.count} {p.short}
    </span>
  );
}

/** Where edges attach: on the left for those coming in, on the right for those going out. */
function Port({ type }: { type: "target" | "source" }) {
  return (
    <Handle
      type={type}
      position={type === "target" ? Position.Left : Position.Right}
      className="!h-2 !w-2 !bg-slate-500"
      isConnectable={false}
    />
  );
}

function ItemNodeView({ data, selected }: NodeProps<ItemFlowNode>) {
  const { node, findings, change, match, dimmed } = data;
  const style =
    node.kind === "gateway" ? KIND_STYLE[`gateway-${node.gatewayMode ?? "product"}`] : KIND_STYLE[node.kind];
  return (
    <div
      className={cn(
        "flex h-[52px] w-[210px] flex-col justify-center rounded-md border-2 px-2 text-left shadow-sm",
        style,
        change ? CHANGE_STYLE[change] : "",
        match ? "outline-4 outline-offset-2 outline-fuchsia-600" : "",
        selected ? "shadow-lg shadow-indigo-300" : "",
        dimmed ? "opacity-40" : "",
      )}
      data-kind={node.kind}
      data-change={change}
      data-match={match || undefined}
    >
      <Port type="target" />
      <div className="flex items-center justify-between gap-1">
        <span className="text-[10px] font-semibold uppercase tracking-wide text-slate-700">
          {node.kind === "gateway" ? `${node.gatewayMode} gateway` : KIND_LABEL[node.kind]}
          {change && change !== "unchanged" ? ` · ${change}` : ""}
        </span>
        <FindingBadges errors={findings?.error ?? 0} warnings={findings?.warning ?? 0} />
      </div>
      <div className="truncate text-sm font-medium text-slate-900" title={node.label}>
        {node.label}
      </div>
      <Port type="source" />
    </div>
  );
}

function GroupNodeView({ data, width, height }: NodeProps<GroupFlowNode>) {
  const { group, matches, errors, warnings, changes, onToggle } = data;
  const kindLabel = group.kind === "cluster" ? "cluster" : group.kind === "namespace" ? "namespace" : "";
  return (
    <div
      className={cn(
        "rounded-lg border-2",
        group.kind === "cluster"
          ? "border-slate-400 bg-slate-50/70"
          : group.kind === "namespace"
            ? "border-slate-300 bg-white/70"
            : "border-sky-300 bg-sky-50/50",
        matches ? "outline-4 outline-offset-2 outline-fuchsia-600" : "",
      )}
      style={{ width, height }}
      data-group-kind={group.kind}
    >
      <Port type="target" />
      <div className="flex items-center gap-2 px-2 py-1.5">
        <button
          type="button"
          className="nodrag rounded border border-slate-400 bg-white px-1.5 text-xs font-semibold text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-expanded={group.expanded}
          aria-label={`${group.expanded ? "Collapse" : "Expand"} ${kindLabel} ${group.label}`.replace(
            /\s+/g,
            " ",
          )}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(group.id);
          }}
        >
          {group.expanded ? "−" : "+"}
        </button>
        <span className="truncate text-sm font-semibold text-slate-900">
          {kindLabel ? (
            <span className="mr-1 text-[10px] uppercase tracking-wide text-slate-700">{kindLabel}</span>
          ) : null}
          {group.label}
        </span>
        <FindingBadges errors={errors} warnings={warnings} />
      </div>
      {!group.expanded ? (
        <p className="px-2 text-xs text-slate-700">
          {group.nodeCount} node{group.nodeCount === 1 ? "" : "s"}
          {matches ? ` · ${matches} match${matches === 1 ? "" : "es"}` : ""}
          {changes ? ` · ${changes} changed` : ""}
        </p>
      ) : null}
      <Port type="source" />
    </div>
  );
}

export const nodeTypes = { item: memo(ItemNodeView), "cluster-group": memo(GroupNodeView) };
