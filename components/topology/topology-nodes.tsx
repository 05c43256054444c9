"use client";
// The node kinds drawn on the topology canvas: hosts, clients, gateways (shared and product look
// different) and services, plus cluster / namespace / hosts groups that fold and unfold.
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { memo } from "react";
import type { ChangeStatus, FindingCounts, GraphNode, VisibleGroup } from "@/lib/topology-graph";
import { cn } from "@/components/ui/cn";

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

const KIND_STYLE: Record<string, string> = {
  host: "border-sky-400 bg-sky-50",
  client: "border-violet-400 bg-violet-50",
  "gateway-product": "border-indigo-600 bg-indigo-50",
  "gateway-shared": "border-slate-700 bg-slate-200 border-dashed",
  service: "border-emerald-500 bg-white",
};

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
      {errors ? (
        <span
          className="rounded bg-red-700 px-1 text-[11px] font-semibold text-white"
          title={`${errors} error finding(s)`}
        >
          {errors} err
        </span>
      ) : null}
      {warnings ? (
        <span
          className="rounded bg-amber-300 px-1 text-[11px] font-semibold text-amber-950"
          title={`${warnings} warning finding(s)`}
        >
          {warnings} warn
        </span>
      ) : null}
    </span>
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
      <Handle
        type="target"
        position={Position.Left}
        className="!h-2 !w-2 !bg-slate-500"
        isConnectable={false}
      />
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
      <Handle
        type="source"
        position={Position.Right}
        className="!h-2 !w-2 !bg-slate-500"
        isConnectable={false}
      />
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
      <Handle
        type="target"
        position={Position.Left}
        className="!h-2 !w-2 !bg-slate-500"
        isConnectable={false}
      />
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
      <Handle
        type="source"
        position={Position.Right}
        className="!h-2 !w-2 !bg-slate-500"
        isConnectable={false}
      />
    </div>
  );
}

export const nodeTypes = { item: memo(ItemNodeView), "cluster-group": memo(GroupNodeView) };
