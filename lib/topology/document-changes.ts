// What one topology document changes against another, entity by entity: the unit of revision
// history, audit summaries and scoped rollback. Pure.
import { gatewayClusters, indexTopology, routeClusters, type TopologyIndex } from "./model";
import type { Topology } from "./schema";

/** Named collections of the document and how an entry is identified within its collection. */
const COLLECTIONS = [
  "clusters",
  "products",
  "gateways",
  "routes",
  "services",
  "policies.circuitBreakers",
  "policies.authentication",
  "policies.authorization",
  "failover",
  "successors",
  "clients",
] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** Document fields that are not collections; compared as one part each. */
type SingleField = "metadata" | "domain";

type Entry = Record<string, unknown>;

/**
 * Identity of an entry in its collection: `namespace/name` where entries are namespaced, the owning
 * product for policies and failover, the split service for successors.
 */
export function entryKey(collection: Collection, entry: Entry): string {
  if (collection === "failover") return String(entry.product);
  if (collection === "successors") {
    const s = entry.service as { namespace: string; name: string };
    return `${s.namespace}/${s.name}`;
  }
  if (collection.startsWith("policies.")) return `${String(entry.product)}/${String(entry.name)}`;
  return typeof entry.namespace === "string"
    ? `${entry.namespace}/${String(entry.name)}`
    : String(entry.name);
}

/** `routes/payments/payments`, `policies.authorization/payments/allow-all`, `metadata`. */
export type PartPath = string;

/** One part of the document: an entry of a collection, or a single field. */
export type Part = {
  path: PartPath;
  collection: Collection | SingleField;
  value: unknown;
};

function collectionOf(topology: Topology, collection: Collection): Entry[] {
  if (collection.startsWith("policies.")) {
    const field = collection.slice("policies.".length) as keyof Topology["policies"];
    return (topology.policies?.[field] ?? []) as unknown as Entry[];
  }
  return ((topology as unknown as Record<string, unknown>)[collection] ?? []) as Entry[];
}

/** The parts of a document by path. `metadata.revision` is left out: every revision stamps its own. */
export function documentParts(topology: Topology): Map<PartPath, Part> {
  const parts = new Map<PartPath, Part>();
  for (const collection of COLLECTIONS)
    for (const entry of collectionOf(topology, collection)) {
      const path = `${collection}/${entryKey(collection, entry)}`;
      parts.set(path, { path, collection, value: entry });
    }
  const { revision: _revision, ...metadata } = topology.metadata;
  parts.set("metadata", { path: "metadata", collection: "metadata", value: metadata });
  if (topology.domain !== undefined)
    parts.set("domain", { path: "domain", collection: "domain", value: topology.domain });
  return parts;
}

export { COLLECTIONS as DOCUMENT_COLLECTIONS };

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Entry)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Entry)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Entry)[k], (b as Entry)[k]));
}

export type DocumentChange = {
  path: PartPath;
  action: "added" | "removed" | "changed";
  /** Products the part belongs to or serves, before or after. */
  products: string[];
  /** Clusters whose rendered objects the part feeds, before or after. */
  clusters: string[];
};

/** Every part that differs between two documents, in document order. */
export function documentChanges(before: Topology | null, after: Topology): DocumentChange[] {
  const a = before ? documentParts(before) : new Map<PartPath, Part>();
  const b = documentParts(after);
  // Note: indexing a large estate costs more than comparing it; only changed parts need the index.
  let ia: TopologyIndex | undefined;
  let ib: TopologyIndex | undefined;
  const indexOf = (t: Topology) => (t === after ? (ib ??= indexTopology(after)) : (ia ??= indexTopology(t)));
  const out: DocumentChange[] = [];
  const paths = [...b.keys(), ...[...a.keys()].filter((p) => !b.has(p))];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (x && y && jsonEqual(x.value, y.value)) continue;
    const products = new Set<string>();
    const clusters = new Set<string>();
    for (const [part, topology] of [
      [x, before],
      [y, after],
    ] as const) {
      if (!part || !topology) continue;
      for (const p of partProducts(part, topology)) products.add(p);
      for (const c of partClusters(part, topology, indexOf(topology))) clusters.add(c);
    }
    out.push({
      path,
      action: !x ? "added" : !y ? "removed" : "changed",
      products: [...products].sort(),
      clusters: [...clusters].sort(),
    });
  }
  return out;
}

/** The products and clusters a set of changes touches. */
export function changeScope(changes: readonly DocumentChange[]): { products: string[]; clusters: string[] } {
  return {
    products: [...new Set(changes.flatMap((c) => c.products))].sort(),
    clusters: [...new Set(changes.flatMap((c) => c.clusters))].sort(),
  };
}

function partProducts(part: Part, topology: Topology): string[] {
  const v = part.value as Entry;
  if (part.collection === "products") return [String(v.name)];
  if (typeof v === "object" && v && typeof v.product === "string") return [v.product];
  if (part.collection === "gateways") {
    // A shared gateway serves the products whose hosts its listeners carry.
    const hosts = new Set(((v.listeners ?? []) as { hosts?: string[] }[]).flatMap((l) => l.hosts ?? []));
    return topology.products.filter((p) => p.hosts.some((h) => hosts.has(h))).map((p) => p.name);
  }
  if (part.collection === "services" || part.collection === "successors") {
    const ns = part.collection === "services" ? v.namespace : (v.service as Entry).namespace;
    return topology.products.filter((p) => p.namespaces.includes(String(ns))).map((p) => p.name);
  }
  return [];
}

function productClusters(topology: Topology, product: string, index: TopologyIndex): string[] {
  const out = new Set<string>();
  for (const g of topology.gateways)
    if (g.product === product) for (const c of gatewayClusters(g)) out.add(c);
  for (const r of topology.routes)
    if (r.product === product) for (const c of routeClusters(r, index)) out.add(c);
  for (const s of topology.services) if (s.product === product) for (const c of s.clusters) out.add(c);
  return [...out];
}

function partClusters(part: Part, topology: Topology, index: TopologyIndex): readonly string[] {
  const v = part.value as Entry;
  switch (part.collection) {
    case "clusters":
      return [String(v.name)];
    case "gateways":
      return gatewayClusters(v as unknown as Topology["gateways"][number]);
    case "routes":
      return routeClusters(v as unknown as Topology["routes"][number], index);
    case "services":
    case "clients":
      return (v.clusters as string[]) ?? [];
    case "metadata":
    case "domain":
      return topology.clusters.map((c) => c.name);
    default: {
      const products = partProducts(part, topology);
      return products.flatMap((p) => productClusters(topology, p, index));
    }
  }
}
