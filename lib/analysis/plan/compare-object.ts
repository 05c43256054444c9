// The one rule for "needs an update": the plan, the sync and `portico diff` all ask this function
// whether a live object is what Portico wants, so they cannot disagree.
import { REVISION_ANNOTATION, objectToYaml, type K8sObject } from "@/lib/topology";
import { normalizeLiveWithExtras } from "./normalize-live";

export type ObjectComparison = {
  /** True when the live object holds exactly what matters of the desired one. */
  same: boolean;
  /**
   * The live object as compared (server metadata, status, defaults and others' labels left out) and
   * the desired one, as YAML for a diff; empty when `same`.
   */
  liveYaml: string;
  desiredYaml: string;
  /**
   * JSON pointers of live fields that change behaviour although Portico does not set them (added
   * with `kubectl patch`, `kubectl edit`, another controller): a revert removes them.
   */
  extras: string[];
  /** Not same, and only because of `extras`: every field Portico sets holds its value. */
  onlyAdded: boolean;
};

/**
 * Note: every rendered object carries the revision that produced it. Comparing with that stamp
 * would rewrite every object of every cluster on each revision; without it only objects whose
 * content changed are applied, and their stamp then tells which revision last changed them.
 */
export function withoutRevision<T extends K8sObject>(obj: T): T {
  const annotations = obj.metadata.annotations;
  if (!annotations || !(REVISION_ANNOTATION in annotations)) return obj;
  const rest = { ...annotations };
  delete rest[REVISION_ANNOTATION];
  const { annotations: _stamped, ...metadata } = obj.metadata;
  return { ...obj, metadata: Object.keys(rest).length ? { ...metadata, annotations: rest } : metadata };
}

/**
 * Compares desired with live on everything that matters: every field Portico sets, and every field
 * someone else added to Portico's object (a route timeout, an extra rule), but not what the API
 * server fills in (status, server metadata, defaults) nor labels and annotations of other tools.
 * A served older API version of the same group is not a difference.
 */
export function compareObject(desired: K8sObject, live: K8sObject): ObjectComparison {
  const d = withoutRevision(desired);
  const { normalized, extras } = normalizeLiveWithExtras(
    withoutRevision(live) as unknown as Record<string, unknown>,
    d as unknown as Record<string, unknown>,
  );
  normalized.apiVersion = d.apiVersion;
  // Note: structural equality first, YAML only for a difference: a drift sweep compares every
  // object of every cluster, and nearly all of them are the same.
  if (sameValue(normalized, d))
    return { same: true, liveYaml: "", desiredYaml: "", extras, onlyAdded: false };
  return {
    same: false,
    liveYaml: objectToYaml(normalized),
    desiredYaml: objectToYaml(d),
    extras,
    onlyAdded: extras.length > 0 && sameValue(withoutPointers(normalized, extras), d),
  };
}

/** Deep equality of JSON values, key order ignored; an undefined field counts as absent (as in YAML). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(b))
    return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => k in bo && sameValue(ao[k], bo[k]));
}

/** A copy without the values at these JSON pointers (later list items first, so indexes hold). */
function withoutPointers(obj: Record<string, unknown>, pointers: readonly string[]): unknown {
  const copy = structuredClone(obj);
  const ordered = [...pointers].sort((a, b) => b.localeCompare(a, "en", { numeric: true }));
  for (const pointer of ordered) {
    const parts = pointer
      .split("/")
      .slice(1)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = parts.pop();
    let at: unknown = copy;
    for (const p of parts) at = (at as Record<string, unknown> | undefined)?.[p];
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else if (at && typeof at === "object" && last !== undefined) delete (at as Record<string, unknown>)[last];
  }
  return copy;
}
