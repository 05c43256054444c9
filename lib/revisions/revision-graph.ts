// The topology page's data, built on the server: a revision's graph as the viewer may see it (team
// leads: their teams' view, as GET /api/revisions/{number} gives it), the analyzer's findings by
// node, and one node's rendered objects. The browser gets a compact graph instead of the whole
// document and never builds, analyzes or renders a large estate itself.
//
// Note: revisions never change, so what is built is kept per revision and viewer scope (a few
// entries, least recently used first out): a revisit, the findings and a click on a node reuse the
// parsed document and its graph instead of reading and parsing megabytes again.
import { analyze } from "@/lib/analysis";
import { canEverywhere, scopedProductSlugs, type RoleHolder } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { teamFindings, teamView } from "@/lib/export/team-view";
import { renderCluster, type RenderFormat } from "@/lib/istio";
import type { K8sObject, Topology } from "@/lib/topology";
import {
  buildGraph,
  diffGraphs,
  encodeFindings,
  encodeGraph,
  findingsByNode,
  renderNodeObjects,
  type NodeRender,
  type TopologyGraph,
  type WireFindings,
  type WireGraph,
} from "@/lib/topology-graph";
import { requireRevisionTopology } from "./newest-topology";

const MAX_ENTRIES = 4;
/** Rendered clusters kept per entry: a render of a large estate's cluster is tens of thousands of objects. */
const MAX_RENDERS = 2;

type Entry = {
  /** What the viewer may see. */
  view: Topology;
  /** Products the viewer may see; null for all. */
  products: readonly string[] | null;
  /** The whole document, for the analyzer (a view would report what is not there). */
  full: Topology;
  graph?: TopologyGraph;
  wire?: WireGraph;
  signed?: TopologyGraph;
  findings?: WireFindings;
  renders: Map<string, K8sObject[]>;
};

const entries = new Map<string, Promise<Entry>>();

function entryFor(user: RoleHolder, number: number): Promise<Entry> {
  const products = canEverywhere(user, "topology:read")
    ? null
    : [...scopedProductSlugs(user, "topology:read")].sort();
  const key = `${number}|${products?.join(",") ?? "*"}`;
  let entry = entries.get(key);
  if (entry) {
    // Most recently used last.
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  }
  entry = loadEntry(number, products);
  entries.set(key, entry);
  // A failed read is not kept: the next request tries again.
  entry.catch(() => entries.delete(key));
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return entry;
}

async function loadEntry(number: number, products: readonly string[] | null): Promise<Entry> {
  const full = (await requireRevisionTopology(prisma, number)).topology;
  return { full, products, view: products ? teamView(full, products) : full, renders: new Map() };
}

function graphOf(entry: Entry): TopologyGraph {
  return (entry.graph ??= buildGraph(entry.view, { signatures: false }));
}

/** The revision's graph; with `compare`, the union with that revision's graph and what changed. */
export async function revisionGraph(user: RoleHolder, number: number, compare?: number): Promise<WireGraph> {
  const after = await entryFor(user, number);
  if (compare === undefined) return (after.wire ??= encodeGraph(graphOf(after)));
  const before = await entryFor(user, compare);
  after.signed ??= buildGraph(after.view);
  before.signed ??= buildGraph(before.view);
  const diff = diffGraphs(before.signed, after.signed);
  return encodeGraph(diff.graph, diff);
}

/** The analyzer's findings about the revision, by the node they concern. */
export async function revisionFindings(user: RoleHolder, number: number): Promise<WireFindings> {
  const entry = await entryFor(user, number);
  if (entry.findings) return entry.findings;
  const all = analyze(entry.full);
  const findings = entry.products ? teamFindings(all, entry.products) : all;
  return (entry.findings = encodeFindings(findings, findingsByNode(graphOf(entry), entry.view, findings)));
}

/** The YAML of one node's objects per cluster, in the given format. */
export async function revisionNodeObjects(
  user: RoleHolder,
  number: number,
  nodeId: string,
  format: RenderFormat,
): Promise<NodeRender[]> {
  const entry = await entryFor(user, number);
  const node = graphOf(entry).nodes.find((n) => n.id === nodeId);
  if (!node) throw AppError.notFound(`Node "${nodeId}" in revision ${number}`);
  return renderNodeObjects(entry.view, node, (cluster) => {
    const key = `${cluster}:${format}`;
    let objects = entry.renders.get(key);
    if (!objects) {
      objects = renderCluster(entry.view, cluster, { format }).objects;
      entry.renders.set(key, objects);
      while (entry.renders.size > MAX_RENDERS) entry.renders.delete(entry.renders.keys().next().value!);
    }
    return objects;
  });
}
