import { type KObject } from "./json";

export type Requirement =
  | { key: string; op: "=" | "!="; values: [string] }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!" };

export class SelectorError extends Error {}

// Commas inside "in (a,b)" belong to the value set, so split at top level only.
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p.length > 0);
}

const SET_RE = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_RE = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s=!()]*)$/;
const KEY_RE = /^(!?)\s*([^\s!=()]+)$/;

export function parseLabelSelector(s: string | null | undefined): Requirement[] {
  if (!s) return [];
  return splitTopLevel(s).map((part) => {
    let m = SET_RE.exec(part);
    if (m) {
      const values = (m[3] ?? "")
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      return { key: m[1]!, op: m[2] as "in" | "notin", values };
    }
    m = EQ_RE.exec(part);
    if (m) return { key: m[1]!, op: m[2] === "!=" ? "!=" : "=", values: [m[3] ?? ""] };
    m = KEY_RE.exec(part);
    if (m) return { key: m[2]!, op: m[1] === "!" ? "!" : "exists" };
    throw new SelectorError(`unable to parse requirement: ${part}`);
  });
}

export function matchesLabels(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
        if (!has || v !== r.values[0]) return false;
        break;
      case "!=":
        // As in Kubernetes, a missing label satisfies "!=".
        if (has && v === r.values[0]) return false;
        break;
      case "in":
        if (!has || !r.values.includes(v!)) return false;
        break;
      case "notin":
        if (has && r.values.includes(v!)) return false;
        break;
      case "exists":
        if (!has) return false;
        break;
      case "!":
        if (has) return false;
        break;
    }
  }
  return true;
}

export interface FieldRequirement {
  field: "metadata.name" | "metadata.namespace";
  op: "=" | "!=";
  value: string;
}

export function parseFieldSelector(s: string | null | undefined): FieldRequirement[] {
  if (!s) return [];
  return s
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((part) => {
      const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
      if (!m) throw new SelectorError(`invalid selector: '${part}'; can't understand '${part}'`);
      const field = m[1]!.trim();
      if (field !== "metadata.name" && field !== "metadata.namespace") {
        throw new SelectorError(`field label not supported: ${field}`);
      }
      return { field, op: m[2] === "!=" ? "!=" : "=", value: m[3]!.trim() };
    });
}

export function matchesFields(reqs: FieldRequirement[], obj: KObject): boolean {
  for (const r of reqs) {
    const actual = r.field === "metadata.name" ? obj.metadata?.name : (obj.metadata?.namespace ?? "");
    if (r.op === "=" ? actual !== r.value : actual === r.value) return false;
  }
  return true;
}
