export type Severity = "error" | "warning" | "info";

/** An object a finding is about, as it will exist (or is referenced) in a cluster. */
export interface ObjectRef {
  /** Cluster; absent when the finding is about the model itself in every cluster. */
  cluster?: string;
  kind: string;
  namespace?: string;
  name: string;
  product?: string;
}

export interface Finding {
  /** Stable code, e.g. `PTC001`. */
  code: string;
  /** Stable name, e.g. `ConflictingGateways`. */
  name: string;
  severity: Severity;
  message: string;
  objects: ObjectRef[];
  /** How to fix it. */
  hint: string;
}

export interface RuleMeta {
  code: string;
  name: string;
  severity: Severity;
  /** One line shown in docs and `validate --json`. */
  description: string;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function refKey(o: ObjectRef): string {
  return `${o.cluster ?? ""}/${o.kind}/${o.namespace ?? ""}/${o.name}`;
}

/** Deterministic order: severity, code, first object, message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (refKey(a.objects[0] ?? { kind: "", name: "" }) < refKey(b.objects[0] ?? { kind: "", name: "" })
        ? -1
        : refKey(a.objects[0] ?? { kind: "", name: "" }) > refKey(b.objects[0] ?? { kind: "", name: "" })
          ? 1
          : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export function finding(
  meta: RuleMeta,
  message: string,
  objects: ObjectRef[],
  hint: string,
  severity: Severity = meta.severity,
): Finding {
  return { code: meta.code, name: meta.name, severity, message, objects, hint };
}
