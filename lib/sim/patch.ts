import { type ListKeys, itemKey } from "./field-set";
import { type KObject, clone, deepEqual, isPlainObject } from "./json";

export class PatchError extends Error {}

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: KObject = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parsePointer(ptr: string): string[] {
  if (ptr === "") return [];
  if (!ptr.startsWith("/")) throw new PatchError(`invalid JSON pointer: ${ptr}`);
  return ptr.slice(1).split("/").map(unescape);
}

function parentOf(doc: unknown, tokens: string[]): { parent: unknown; last: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw new PatchError(`doc is missing path: /${tokens.join("/")}`);
  }
  return { parent: cur, last: tokens[tokens.length - 1] ?? "" };
}

function getPtr(doc: unknown, tokens: string[]): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

function remove(doc: unknown, tokens: string[]): unknown {
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw new PatchError(`unable to remove nonexistent index: ${last}`);
    return parent.splice(i, 1)[0];
  }
  if (isPlainObject(parent) && last in parent) {
    const v = parent[last];
    delete parent[last];
    return v;
  }
  throw new PatchError(`unable to remove nonexistent key: ${last}: missing value`);
}

function add(doc: unknown, tokens: string[], value: unknown, replace: boolean): unknown {
  if (tokens.length === 0) return clone(value);
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length)) throw new PatchError(`index out of bounds: ${last}`);
    if (replace) {
      if (i >= parent.length) throw new PatchError(`replace operation does not apply: index ${last}`);
      parent[i] = clone(value);
    } else parent.splice(i, 0, clone(value));
  } else if (isPlainObject(parent)) {
    if (replace && !(last in parent))
      throw new PatchError(`replace operation does not apply: doc is missing key: /${tokens.join("/")}`);
    parent[last] = clone(value);
  } else throw new PatchError(`doc is missing path: /${tokens.join("/")}`);
  return doc;
}

/** RFC 6902. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError("json patch must be an array of operations");
  let out = clone(doc);
  for (const op of ops as KObject[]) {
    const path = parsePointer(String(op.path ?? ""));
    switch (op.op) {
      case "add":
        out = add(out, path, op.value, false);
        break;
      case "replace":
        out = add(out, path, op.value, true);
        break;
      case "remove":
        remove(out, path);
        break;
      case "move": {
        const v = remove(out, parsePointer(String(op.from ?? "")));
        out = add(out, path, v, false);
        break;
      }
      case "copy":
        out = add(out, path, getPtr(out, parsePointer(String(op.from ?? ""))), false);
        break;
      case "test":
        if (!deepEqual(getPtr(out, path), op.value))
          throw new PatchError(`testing value /${path.join("/")} failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}

/**
 * Strategic merge patch, reduced to what clients send in practice: merge patch semantics plus
 * associative lists merged by key, "$patch: delete" on list items and ignored order directives.
 */
export function strategicMergePatch(
  target: unknown,
  patch: unknown,
  listKeys: ListKeys,
  path: string[] = [],
): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const out: KObject = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (
      k.startsWith("$setElementOrder/") ||
      k.startsWith("$deleteFromPrimitiveList/") ||
      k === "$retainKeys" ||
      k === "$patch"
    )
      continue;
    const p = [...path, k];
    if (v === null) {
      delete out[k];
      continue;
    }
    const keys = Array.isArray(v) ? listKeys(p) : null;
    if (keys && Array.isArray(out[k])) {
      const list: unknown[] = [...(out[k] as unknown[])];
      for (const item of v as unknown[]) {
        const ik = itemKey(item, keys);
        const i = ik ? list.findIndex((x) => itemKey(x, keys) === ik) : -1;
        if (isPlainObject(item) && item.$patch === "delete") {
          if (i >= 0) list.splice(i, 1);
        } else if (i >= 0) list[i] = strategicMergePatch(list[i], item, listKeys, p);
        else list.push(strategicMergePatch(undefined, item, listKeys, p));
      }
      out[k] = list;
    } else out[k] = strategicMergePatch(out[k], v, listKeys, p);
  }
  return out;
}
