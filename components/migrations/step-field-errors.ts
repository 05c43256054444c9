// The preview API answers a bad step with a 400 whose details list zod issues by path
// (`successors[0].name`, see fromZodError in lib/errors/app-error.ts). The step form shows each as
// a sentence under the field it concerns; paths of the payload are mapped back to the form's rows,
// since the form leaves out successor rows without a name.
import { ApiError } from "@/lib/query/api-fetch";

export type StepFieldErrors = {
  /** Sentence per form field key (`namespace`, `successor-2-name`, ...). */
  fields: Map<string, string>;
  /** Issues no field of the form shows, as sentences. */
  other: string[];
};

/** `use lower case letters` → `Use lower case letters.` */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

const DIRECT: Record<string, string> = {
  namespace: "namespace",
  tlsSecret: "tlsSecret",
  size: "size",
  clusters: "clusters",
  phase: "phase",
  service: "service",
  "service.name": "service",
  "service.namespace": "service",
  successors: "successors",
  targetCluster: "target",
  clients: "clients",
};

/**
 * Field key of an issue path, or null when no field shows it. `successorRows[i]` is the form row
 * the payload's i-th successor came from.
 */
export function stepFieldKey(path: string, successorRows: readonly number[]): string | null {
  if (path in DIRECT) return DIRECT[path]!;
  const successor = /^successors\[(\d+)\](?:\.(name|paths))?/.exec(path);
  if (successor) {
    const row = successorRows[Number(successor[1])];
    if (row === undefined) return "successors";
    return `successor-${row}-${successor[2] === "name" ? "name" : "paths"}`;
  }
  if (/^clusters\[\d+\]$/.test(path)) return "clusters";
  if (/^clients\[\d+\]$/.test(path)) return "clients";
  return null;
}

/** Field errors of a failed preview; empty when the failure is not about the step's input. */
export function stepFieldErrors(error: unknown, successorRows: readonly number[]): StepFieldErrors {
  const out: StepFieldErrors = { fields: new Map(), other: [] };
  if (!(error instanceof ApiError) || error.status !== 400) return out;
  const issues = (error.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return out;
  for (const issue of issues) {
    const message = asSentence(issue.message ?? "");
    if (!message) continue;
    const key = stepFieldKey(issue.path ?? "", successorRows);
    if (key === null) out.other.push(message);
    else if (!out.fields.has(key)) out.fields.set(key, message);
  }
  return out;
}

/** The failure is about the step's input: the form shows it by its fields, not in a banner. */
export function isStepInputError(error: unknown): boolean {
  const { fields, other } = stepFieldErrors(error, []);
  return fields.size + other.length > 0;
}
