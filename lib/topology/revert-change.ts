// Undoes one revision's change on top of the newest document, three-way: only the parts that
// revision changed are put back, and only where nobody changed them since. Pure.
import {
  DOCUMENT_COLLECTIONS,
  documentParts,
  entryKey,
  jsonEqual,
  type Collection,
  type PartPath,
} from "./document-changes";
import type { Topology } from "./schema";

/** How to settle a part that a later revision changed too. */
export type Resolution = "revert" | "keep";

export type RevertConflict = {
  /** Part and field, e.g. `gateways/payments/payments-gateway.placement`. */
  path: string;
  /** The value before the undone revision (what reverting restores); undefined = absent. */
  before: unknown;
  /** The value the undone revision wrote. */
  undone: unknown;
  /** The value in the newest document, which a later change wrote. */
  current: unknown;
};

export type RevertResult = {
  /** The newest document with the change undone (conflicts left as they are unless resolved). */
  topology: Topology;
  /** Paths put back to their value before the undone revision. */
  reverted: string[];
  /** Paths a later revision changed as well and no resolution settles. */
  conflicts: RevertConflict[];
  /** Conflicting paths settled by a resolution (or `force`). */
  resolved: { path: string; resolution: Resolution }[];
};

export type RevertInput = {
  /** The document before the revision to undo (its parent). */
  before: Topology;
  /** The document of the revision to undo. */
  undone: Topology;
  /** The newest document, on which the inverse is applied. */
  current: Topology;
  /** Per conflicting path (as reported), revert it anyway or keep the later change. */
  resolutions?: Record<string, Resolution>;
  /** Revert every conflicting path (the later changes to those parts are lost). */
  force?: boolean;
};

type Json = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function revertChange(input: RevertInput): RevertResult {
  const result: Omit<RevertResult, "topology"> = { reverted: [], conflicts: [], resolved: [] };

  // Moves `current` from `undone` back to `before` where `undone` changed it.
  function merge(path: string, before: unknown, undone: unknown, current: unknown): unknown {
    if (jsonEqual(before, undone)) return current;
    if (jsonEqual(current, undone)) {
      result.reverted.push(path);
      return before;
    }
    if (jsonEqual(current, before)) return current;
    if (isPlainObject(before) && isPlainObject(undone) && isPlainObject(current)) {
      const out: Json = {};
      const keys = new Set([...Object.keys(current), ...Object.keys(before), ...Object.keys(undone)]);
      for (const k of keys) {
        const v = merge(`${path}.${k}`, before[k], undone[k], current[k]);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    const resolution = input.resolutions?.[path] ?? (input.force ? "revert" : undefined);
    if (resolution) {
      result.resolved.push({ path, resolution });
      return resolution === "revert" ? before : current;
    }
    result.conflicts.push({ path, before, undone, current });
    return current;
  }

  const p = documentParts(input.before);
  const r = documentParts(input.undone);
  const n = documentParts(input.current);
  const doc = structuredClone(input.current) as unknown as Json;

  for (const collection of DOCUMENT_COLLECTIONS) {
    const entries = collectionEntries(input.current, collection);
    const out: Json[] = [];
    for (const entry of entries) {
      const path = `${collection}/${entryKey(collection, entry)}`;
      const merged = merge(path, p.get(path)?.value, r.get(path)?.value, entry);
      if (merged !== undefined) out.push(merged as Json);
    }
    // Entries the undone revision removed come back, in the order they had before it.
    for (const entry of collectionEntries(input.before, collection)) {
      const path = `${collection}/${entryKey(collection, entry)}`;
      if (n.has(path)) continue;
      const merged = merge(path, entry, r.get(path)?.value, undefined);
      if (merged !== undefined) out.push(merged as Json);
    }
    setCollection(doc, collection, out);
  }
  for (const field of ["metadata", "domain"] as const) {
    const merged = merge(field, p.get(field)?.value, r.get(field)?.value, n.get(field)?.value);
    if (field === "metadata")
      doc.metadata = { ...(merged as Json), revision: input.current.metadata.revision };
    else if (merged === undefined) delete doc.domain;
    else doc.domain = merged;
  }
  return { topology: doc as unknown as Topology, ...result };
}

function collectionEntries(topology: Topology, collection: Collection): Json[] {
  if (collection.startsWith("policies.")) {
    const field = collection.slice("policies.".length) as keyof Topology["policies"];
    return (topology.policies?.[field] ?? []) as unknown as Json[];
  }
  return ((topology as unknown as Json)[collection] ?? []) as Json[];
}

function setCollection(doc: Json, collection: Collection, entries: Json[]) {
  if (collection.startsWith("policies.")) {
    const policies = (doc.policies ?? {}) as Json;
    policies[collection.slice("policies.".length)] = entries;
    doc.policies = policies;
  } else doc[collection] = entries;
}

/** The part (`routes/payments/payments`) a conflict path (`routes/payments/payments.http`) lies in. */
export function partOf(path: string): PartPath {
  const dot = path.indexOf(".", path.indexOf("/") === -1 ? 0 : path.lastIndexOf("/"));
  return dot === -1 ? path : path.slice(0, dot);
}
