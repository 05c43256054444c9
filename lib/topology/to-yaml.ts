import { stringify } from "yaml";
import type { K8sObject } from "./k8s-object";

/** Recursively sorts object keys so equal input always yields equal bytes. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

/** One YAML document, keys sorted, no anchors (kubectl and GitOps diffs dislike them). */
export function objectToYaml(obj: unknown): string {
  return stringify(sortKeys(obj), { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** Multi-document YAML ready for `kubectl apply -f -`; objects keep the order given. */
export function toYaml(objects: readonly K8sObject[]): string {
  return objects.map((o) => `---\n${objectToYaml(o)}`).join("");
}
