import { type KObject, isPlainObject, deepEqual } from "./json";

/** managedFields[].fieldsV1: nested {"f:spec": {"f:replicas": {}}}. */
export type FieldsV1 = { [element: string]: FieldsV1 };

/**
 * Returns the key fields of an associative list (merged item by item), or null for an atomic list.
 * fieldPath holds the field names from the object root down to the list itself.
 */
export type ListKeys = (fieldPath: string[]) => string[] | null;

export const SEP = "\u0001";

/** Built-in types declare associative lists via patchMergeKey; CRD lists are atomic unless marked. */
export function listKeysFor(group: string): ListKeys {
  if (group === "networking.istio.io" || group === "security.istio.io") return () => null;
  if (group === "gateway.networking.k8s.io") {
    return (p) => (p.length === 2 && p[0] === "spec" && p[1] === "listeners" ? ["name"] : null);
  }
  return (p) => {
    const last = p[p.length - 1];
    switch (last) {
      case "containers":
      case "initContainers":
      case "ephemeralContainers":
      case "env":
      case "volumes":
      case "imagePullSecrets":
        return ["name"];
      case "volumeMounts":
        return ["mountPath"];
      case "ports":
        return p.includes("containers") || p.includes("initContainers")
          ? ["containerPort", "protocol"]
          : ["port", "protocol"];
      default:
        return null;
    }
  };
}

export function itemKey(item: unknown, keys: string[]): string | null {
  if (!isPlainObject(item)) return null;
  const k: KObject = {};
  for (const name of [...keys].sort()) if (item[name] !== undefined) k[name] = item[name];
  if (Object.keys(k).length === 0) return null;
  return "k:" + JSON.stringify(k);
}

/** The set of fields an object sets, in fieldsV1 shape. */
export function fieldsOf(obj: KObject, listKeys: ListKeys, path: string[] = []): FieldsV1 {
  const out: FieldsV1 = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    out["f:" + k] = fieldsOfValue(v, listKeys, [...path, k]);
  }
  return out;
}

function fieldsOfValue(v: unknown, listKeys: ListKeys, path: string[]): FieldsV1 {
  if (isPlainObject(v)) return fieldsOf(v, listKeys, path);
  if (Array.isArray(v)) {
    const keys = listKeys(path);
    if (!keys) return {};
    const out: FieldsV1 = {};
    for (const item of v) {
      const ik = itemKey(item, keys);
      if (!ik) return {}; // unkeyable items: treat the whole list as one value
      out[ik] = { ".": {}, ...(isPlainObject(item) ? fieldsOf(item, listKeys, path) : {}) };
    }
    return out;
  }
  return {};
}

/** Leaf paths (joined with SEP). An associative list item contributes its "." path too. */
export function leafPaths(fs: FieldsV1, prefix = "", out: Set<string> = new Set()): Set<string> {
  for (const [el, child] of Object.entries(fs)) {
    const p = prefix ? prefix + SEP + el : el;
    if (Object.keys(child).length === 0) out.add(p);
    else leafPaths(child, p, out);
  }
  return out;
}

export function fromPaths(paths: Iterable<string>): FieldsV1 {
  const root: FieldsV1 = {};
  for (const p of paths) {
    let node = root;
    for (const el of p.split(SEP)) node = node[el] ??= {};
  }
  return root;
}

/** Resolves a path to its value; found=false when any step is missing. */
export function valueAt(obj: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = obj;
  for (const el of path.split(SEP)) {
    if (el === ".") return { found: cur !== undefined, value: cur };
    if (el.startsWith("f:")) {
      if (!isPlainObject(cur)) return { found: false };
      const name = el.slice(2);
      if (!Object.prototype.hasOwnProperty.call(cur, name)) return { found: false };
      cur = cur[name];
    } else if (el.startsWith("k:")) {
      if (!Array.isArray(cur)) return { found: false };
      const key = JSON.parse(el.slice(2)) as KObject;
      cur = cur.find((item) => matchesKey(item, key));
      if (cur === undefined) return { found: false };
    } else return { found: false };
  }
  return { found: true, value: cur };
}

function matchesKey(item: unknown, key: KObject): boolean {
  if (!isPlainObject(item)) return false;
  for (const [k, v] of Object.entries(key)) if (!deepEqual(item[k], v)) return false;
  return true;
}

/** Removes the field (or the list item, for a "." path) named by path. */
export function deleteAt(obj: KObject, path: string): void {
  const els = path.split(SEP);
  const last = els[els.length - 1]!;
  const parentEls = last === "." ? els.slice(0, -2) : els.slice(0, -1);
  const target = last === "." ? els[els.length - 2]! : last;
  let cur: unknown = obj;
  for (const el of parentEls) {
    if (el.startsWith("f:") && isPlainObject(cur)) cur = cur[el.slice(2)];
    else if (el.startsWith("k:") && Array.isArray(cur)) {
      const key = JSON.parse(el.slice(2)) as KObject;
      cur = cur.find((item) => matchesKey(item, key));
    } else return;
    if (cur === undefined) return;
  }
  if (target.startsWith("f:") && isPlainObject(cur)) delete cur[target.slice(2)];
  else if (target.startsWith("k:") && Array.isArray(cur)) {
    const key = JSON.parse(target.slice(2)) as KObject;
    const i = cur.findIndex((item) => matchesKey(item, key));
    if (i >= 0) cur.splice(i, 1);
  }
}

/** ".spec.servers" style, as kube-apiserver prints paths in conflict messages. */
export function pathToString(path: string): string {
  let s = "";
  for (const el of path.split(SEP)) {
    if (el === ".") continue;
    if (el.startsWith("f:")) s += "." + el.slice(2);
    else if (el.startsWith("k:")) {
      const key = JSON.parse(el.slice(2)) as KObject;
      s +=
        "[" +
        Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(",") +
        "]";
    }
  }
  return s;
}

/** Parses ".spec.x.y" (maps only) into a leaf path, for the competing-writer fault. */
export function pathFromString(dotted: string): string {
  return dotted
    .split(".")
    .filter((p) => p.length > 0)
    .map((p) => "f:" + p)
    .join(SEP);
}
