import { parseAllDocuments } from "yaml";
import type { K8sObject } from "@/lib/topology";

function isObject(v: unknown): v is K8sObject {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  const m = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === "string" && typeof o.kind === "string" && !!m && typeof m.name === "string";
}

/** Kubernetes objects from multi-document YAML (or JSON), unwrapping `kind: List`. */
export function readObjects(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if ("errors" in doc && doc.errors.length) throw new Error(doc.errors[0]!.message);
    const value: unknown = doc.toJS();
    if (value && typeof value === "object" && Array.isArray((value as { items?: unknown }).items)) {
      for (const item of (value as { items: unknown[] }).items) if (isObject(item)) out.push(item);
    } else if (isObject(value)) out.push(value);
  }
  return out;
}
