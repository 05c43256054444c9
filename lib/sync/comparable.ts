// What the sync compares: a rendered or live object without the revision stamp, by the one rule the
// plan and `portico diff` use too (lib/analysis/plan/compare-object.ts).
import { createHash } from "node:crypto";
import { compareObject, withoutRevision } from "@/lib/analysis/plan/compare-object";
import { sortKeys, type K8sObject } from "@/lib/topology";

export { withoutRevision };

/** Hash of what Portico wants an object to be, stamp excluded. */
export function desiredHash(obj: K8sObject): string {
  return createHash("sha256")
    .update(JSON.stringify(sortKeys(withoutRevision(obj))))
    .digest("hex")
    .slice(0, 32);
}

/**
 * Whether the live object differs from what Portico wants in anything that matters: a field Portico
 * sets, or a field someone else added to Portico's object (see compareObject).
 */
export function needsApply(desired: K8sObject, live: K8sObject | undefined): boolean {
  return live === undefined || !compareObject(desired, live).same;
}
