import type { Finding, RuleMeta } from "@/lib/analysis/finding";
import type { Authorization, GatewaySpec, K8sObject, Route, ServiceSpec } from "@/lib/topology";
import { importFinding, IMPORT_RULES as R } from "./import-findings";
import { nsOf, refOf } from "./k8s-types";
import type { NginxSettings } from "./nginx-settings";

/** A route read from one or more objects, before its owner is known. */
export interface DraftRoute {
  route: Route;
  /** `Kind ns/name` of the objects it was read from (several for an ingress-nginx host). */
  sources: string[];
  /** Backend services, `ns/name`. */
  backends: string[];
}

/** An authorization policy waiting for the owner of its host (the product it belongs to). */
export interface DraftPolicy {
  host: string;
  policy: Omit<Authorization, "product">;
}

/** What the readers build together; each reader adds what its source says. */
export class ImportContext {
  readonly findings: Finding[] = [];
  readonly imported: string[] = [];
  /** Shared gateways by `ns/name`. */
  readonly gateways = new Map<string, GatewaySpec>();
  readonly drafts: DraftRoute[] = [];
  readonly policies: DraftPolicy[] = [];
  /** Backend settings per service `ns/name`, with the object that asked for them. */
  readonly backends = new Map<string, { backend: NonNullable<ServiceSpec["backend"]>; source: string }>();
  /** ingress-nginx annotations of each Ingress, by `ns/name` (the annotation reader fills it). */
  readonly nginx = new Map<string, NginxSettings>();

  constructor(
    readonly cluster: string,
    /** Live Services by `ns/name`. */
    readonly services: ReadonlyMap<string, K8sObject>,
  ) {}

  at(o: K8sObject) {
    return { cluster: this.cluster, kind: o.kind, namespace: nsOf(o), name: o.metadata.name };
  }

  report(meta: RuleMeta, o: K8sObject, message: string, hint: string): void {
    this.findings.push(importFinding(meta, message, this.at(o), hint));
  }

  notImported(o: K8sObject, what: string, hint: string): void {
    this.report(R.notImported, o, `${o.kind} ${refOf(o)}: ${what}`, hint);
  }
}

/**
 * One source of shared-ingress configuration (Istio, Kubernetes Ingress, ingress-nginx
 * annotations). Readers run in order over the same objects, each picking what it understands.
 */
export interface SourceReader {
  readonly name: string;
  read(objects: readonly K8sObject[], ctx: ImportContext): void;
}
