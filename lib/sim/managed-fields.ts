import { type FieldsV1, type ListKeys, fieldsOf, leafPaths, fromPaths, valueAt } from "./field-set";
import { type KObject, isPlainObject, deepEqual } from "./json";

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** An entry with its leaf paths expanded, for set arithmetic. */
export interface OwnedEntry {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

const SYSTEM_METADATA = [
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "managedFields",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "selfLink",
];

/** The part of an object a manager can own: no type meta, identity, server metadata or status. */
export function ownableContent(obj: KObject): KObject {
  const out: KObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind" || k === "status") continue;
    if (k === "metadata" && isPlainObject(v)) {
      const md: KObject = {};
      for (const [mk, mv] of Object.entries(v)) if (!SYSTEM_METADATA.includes(mk)) md[mk] = mv;
      if (Object.keys(md).length > 0) out.metadata = md;
      continue;
    }
    out[k] = v;
  }
  return out;
}

export function ownedPaths(obj: KObject, listKeys: ListKeys): Set<string> {
  return leafPaths(fieldsOf(ownableContent(obj), listKeys));
}

export function readEntries(obj: KObject | undefined): OwnedEntry[] {
  const mf = obj?.metadata?.managedFields;
  if (!Array.isArray(mf)) return [];
  return (mf as ManagedFieldsEntry[]).map((entry) => ({ entry, paths: leafPaths(entry.fieldsV1 ?? {}) }));
}

export function writeEntries(entries: OwnedEntry[]): ManagedFieldsEntry[] {
  return entries
    .filter((e) => e.paths.size > 0)
    .map((e) => ({ ...e.entry, fieldsV1: fromPaths([...e.paths].sort()) }));
}

let lastSecond = 0;
let lastStamp = "";

/** RFC 3339 with second precision, as metav1.Time; cached per second since every write asks. */
export function now(): string {
  const sec = Math.floor(Date.now() / 1000);
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastStamp = new Date(sec * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  }
  return lastStamp;
}

/**
 * Ownership after a non-apply write (create, update, patch): the writer takes every field it
 * changed or added; fields that disappeared leave every manager's set.
 */
export function trackUpdate(
  oldObj: KObject | undefined,
  newObj: KObject,
  manager: string,
  listKeys: ListKeys,
  subresource?: string,
): ManagedFieldsEntry[] {
  const entries = readEntries(oldObj);
  const newPaths = ownedPaths(newObj, listKeys);
  const changed = new Set<string>();
  for (const p of newPaths) {
    if (!oldObj) {
      changed.add(p);
      continue;
    }
    const before = valueAt(oldObj, p);
    if (!before.found || !deepEqual(before.value, valueAt(newObj, p).value)) changed.add(p);
  }
  for (const e of entries) {
    for (const p of e.paths) if (!newPaths.has(p) || changed.has(p)) e.paths.delete(p);
  }
  if (changed.size > 0) {
    let mine = entries.find(
      (e) =>
        e.entry.manager === manager && e.entry.operation === "Update" && e.entry.subresource === subresource,
    );
    if (!mine) {
      mine = {
        entry: {
          manager,
          operation: "Update",
          apiVersion: newObj.apiVersion,
          time: now(),
          fieldsType: "FieldsV1",
          fieldsV1: {},
          ...(subresource ? { subresource } : {}),
        },
        paths: new Set(),
      };
      entries.push(mine);
    }
    mine.entry = { ...mine.entry, time: now(), apiVersion: newObj.apiVersion };
    for (const p of changed) mine.paths.add(p);
  }
  return writeEntries(entries);
}
