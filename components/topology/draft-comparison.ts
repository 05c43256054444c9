// Comparing the revision on screen with a draft file, in the browser: a draft is not stored, so the
// server has nothing to build it from. Loaded only once a draft file is chosen, so the page's first
// picture never waits for the topology schema, the renderer or the graph builder.
import type { Finding } from "@/lib/analysis";
import { renderCluster, type RenderFormat } from "@/lib/istio";
import { parseTopology, parseTopologyText, type K8sObject, type Topology } from "@/lib/topology";
import type { GraphChanges } from "@/lib/topology-graph";
// Note: the graph modules one by one, like the page (topology-explorer.tsx), so the bundler keeps the
// graph builder out of the page's first scripts.
import { diffGraphs } from "@/lib/topology-graph/diff-graphs";
import {
  buildGraph,
  findingsByNode,
  type FindingCounts,
  type GraphNode,
  type TopologyGraph,
} from "@/lib/topology-graph/graph-model";
import { renderNodeObjects, type NodeRender } from "@/lib/topology-graph/node-objects";

export type Draft = { name: string; topology?: Topology; error?: string };

export function parseDraft(name: string, text: string): Draft {
  const parsed = parseTopologyText(text);
  return parsed.ok
    ? { name, topology: parsed.topology }
    : {
        name,
        error: `${name} is not a valid topology: ${parsed.errors
          .slice(0, 3)
          .map((e) => `${e.path}: ${e.message}`)
          .join("; ")}`,
      };
}

/**
 * A stored revision's document. Revisions are validated before they are written and never change,
 * so a document that has the shape of one is taken as it is instead of validated again.
 */
export function storedTopology(number: number, document: unknown): { topology?: Topology; error?: string } {
  const doc = document as Partial<Topology> | null;
  if (
    doc?.kind === "Topology" &&
    Array.isArray(doc.clusters) &&
    Array.isArray(doc.gateways) &&
    Array.isArray(doc.services) &&
    doc.policies
  )
    return { topology: doc as Topology };
  const parsed = parseTopology(document);
  return parsed.ok
    ? { topology: parsed.topology }
    : { error: `Revision ${number} does not validate any more (${parsed.errors.length} problems).` };
}

/** The revision (before) against the draft (after): the union graph and what changed. */
export function compareWithDraft(
  before: Topology,
  after: Topology,
): { graph: TopologyGraph; changes: GraphChanges } {
  const { graph, ...changes } = diffGraphs(buildGraph(before), buildGraph(after));
  return { graph, changes };
}

export function draftFindings(
  graph: TopologyGraph,
  draft: Topology,
  findings: readonly Finding[],
): Map<string, FindingCounts> {
  return findingsByNode(graph, draft, findings);
}

// Rendering a large draft takes a moment; one render per draft, cluster and format is enough.
const renders = new WeakMap<Topology, Map<string, K8sObject[]>>();

export function draftNodeObjects(draft: Topology, node: GraphNode, format: RenderFormat): NodeRender[] {
  let byKey = renders.get(draft);
  if (!byKey) renders.set(draft, (byKey = new Map()));
  const cache = byKey;
  return renderNodeObjects(draft, node, (cluster) => {
    const key = `${cluster}:${format}`;
    let objects = cache.get(key);
    if (!objects) cache.set(key, (objects = renderCluster(draft, cluster, { format }).objects));
    return objects;
  });
}
