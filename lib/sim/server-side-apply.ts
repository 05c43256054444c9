import { type ListKeys, SEP, deleteAt, itemKey, pathToString, valueAt } from "./field-set";
import { type KObject, clone, deepEqual, isPlainObject } from "./json";
import {
  type OwnedEntry,
  now,
  ownableContent,
  ownedPaths,
  readEntries,
  writeEntries,
} from "./managed-fields";

export interface ApplyConflict {
  manager: string;
  /** printManager() form: "mgr" for appliers, "mgr" using v1 at T for updaters. */
  printed: string;
  field: string;
}

export type ApplyResult = { ok: true; object: KObject } | { ok: false; conflicts: ApplyConflict[] };

function printManager(e: OwnedEntry): string {
  if (e.entry.operation === "Update")
    return `"${e.entry.manager}" using ${e.entry.apiVersion} at ${e.entry.time}`;
  return `"${e.entry.manager}"`;
}

/**
 * Server-side apply of `applied` by `manager` onto `live` (undefined when creating).
 * Follows structured-merge-diff: conflicts only where another manager owns a field and the
 * values differ; fields this manager stops applying are removed unless someone else owns them.
 */
export function serverSideApply(
  live: KObject | undefined,
  applied: KObject,
  manager: string,
  force: boolean,
  listKeys: ListKeys,
): ApplyResult {
  const entries = readEntries(live);
  const content = ownableContent(applied);
  const newPaths = ownedPaths(applied, listKeys);
  let mine = entries.find(
    (e) => e.entry.manager === manager && e.entry.operation === "Apply" && !e.entry.subresource,
  );
  const others = entries.filter((e) => e !== mine && !e.entry.subresource);

  const conflicts: ApplyConflict[] = [];
  const conflicting = new Map<OwnedEntry, string[]>();
  if (live) {
    for (const o of others) {
      for (const p of newPaths) {
        if (!o.paths.has(p) || p.endsWith(SEP + ".")) continue;
        const lv = valueAt(live, p);
        const av = valueAt(content, p);
        if (lv.found && deepEqual(lv.value, av.value)) continue;
        conflicts.push({ manager: o.entry.manager, printed: printManager(o), field: pathToString(p) });
        const list = conflicting.get(o) ?? [];
        list.push(p);
        conflicting.set(o, list);
      }
    }
  }
  if (conflicts.length > 0 && !force) return { ok: false, conflicts };
  for (const [o, paths] of conflicting) for (const p of paths) o.paths.delete(p);

  const result: KObject = live
    ? clone(live)
    : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
  result.apiVersion = applied.apiVersion;
  result.kind = applied.kind;

  // Drop what this manager applied before and no longer applies, unless still owned by others.
  if (mine) {
    const dropped = [...mine.paths].filter((p) => !newPaths.has(p));
    const ownedByOthers = (p: string) => {
      const prefix = p.endsWith(SEP + ".") ? p.slice(0, -2) : p;
      for (const o of others) for (const q of o.paths) if (q === p || q.startsWith(prefix + SEP)) return true;
      return false;
    };
    // Fields before items, so that an item is only removed once nobody owns anything in it.
    dropped.sort(
      (a, b) => Number(a.endsWith(SEP + ".")) - Number(b.endsWith(SEP + ".")) || b.length - a.length,
    );
    for (const p of dropped) if (!ownedByOthers(p)) deleteAt(result, p);
  }

  mergeInto(result, content, listKeys, []);

  if (!mine) {
    mine = {
      entry: {
        manager,
        operation: "Apply",
        apiVersion: applied.apiVersion,
        time: now(),
        fieldsType: "FieldsV1",
        fieldsV1: {},
      },
      paths: new Set(),
    };
    entries.push(mine);
  }
  const unchangedOwnership =
    deepEqual([...mine.paths].sort(), [...newPaths].sort()) && conflicting.size === 0;
  if (!unchangedOwnership || !live || !deepEqual(stripMeta(live), stripMeta(result))) {
    mine.entry = { ...mine.entry, apiVersion: applied.apiVersion, time: now() };
  }
  mine.paths = newPaths;
  result.metadata ??= {};
  result.metadata.managedFields = writeEntries(entries);
  return { ok: true, object: result };
}

function stripMeta(o: KObject): KObject {
  const { metadata, ...rest } = o;
  const { managedFields: _mf, ...md } = (metadata ?? {}) as KObject;
  return { ...rest, metadata: md };
}

/** Overlays applied values: maps recursively, associative lists item by item, the rest replaced. */
function mergeInto(target: KObject, src: KObject, listKeys: ListKeys, path: string[]): void {
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    const p = [...path, k];
    const cur = target[k];
    if (isPlainObject(v)) {
      if (!isPlainObject(cur)) target[k] = {};
      mergeInto(target[k], v, listKeys, p);
    } else if (Array.isArray(v)) {
      const keys = listKeys(p);
      if (keys && Array.isArray(cur) && v.every((it) => itemKey(it, keys) !== null)) {
        const merged: unknown[] = [];
        const curByKey = new Map(cur.map((it) => [itemKey(it, keys), it] as const));
        for (const item of v) {
          const existing = curByKey.get(itemKey(item, keys));
          if (isPlainObject(existing) && isPlainObject(item)) {
            mergeInto(existing, item, listKeys, p);
            merged.push(existing);
            curByKey.delete(itemKey(item, keys));
          } else merged.push(clone(item));
        }
        // Items applied by others stay, after the applied ones.
        for (const rest of curByKey.values()) merged.push(rest);
        target[k] = merged;
      } else target[k] = clone(v);
    } else target[k] = v;
  }
}
