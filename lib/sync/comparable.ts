// What the sync compares: a rendered or live object without the revision stamp.
import { createHash } from "node:crypto";
import { REVISION_ANNOTATION, sortKeys, type K8sObject } from "@/lib/topology";
import { equalOnDesiredFields } from "./equal-on-desired-fields";

/**
 * Note: every rendered object carries the revision that produced it. Comparing with that stamp
 * would rewrite every object of every cluster on each revision; without it only objects whose
 * content changed are applied, and their stamp then tells which revision last changed them.
 */
export function withoutRevision(obj: K8sObject): K8sObject {
  const annotations = obj.metadata.annotations;
  if (!annotations || !(REVISION_ANNOTATION in annotations)) return obj;
  const rest = { ...annotations };
  delete rest[REVISION_ANNOTATION];
  return { ...obj, metadata: { ...obj.metadata, annotations: rest } };
}

/** Hash of what Portico wants an object to be, stamp excluded. */
export function desiredHash(obj: K8sObject): string {
  return createHash("sha256")
    .update(JSON.stringify(sortKeys(withoutRevision(obj))))
    .digest("hex")
    .slice(0, 32);
}

/**
 * Whether the live object lacks something Portico wants in it. Server-side apply only ever sets
 * Portico's own fields, so fields other managers or the server added never call for an apply.
 */
export function needsApply(desired: K8sObject, live: K8sObject | undefined): boolean {
  return live === undefined || !equalOnDesiredFields(withoutRevision(desired), withoutRevision(live));
}
