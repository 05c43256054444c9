import type { Finding, RuleMeta } from "@/lib/analysis/finding";

/** Risky patterns import sees in a live shared ingress (PTI codes; the analyzer's are PTC). */
export const IMPORT_RULES = {
  wildcardHost: {
    code: "PTI001",
    name: "WildcardHost",
    severity: "warning",
    description: "A host `*` catches every request for any name.",
  },
  gatewayWithoutSelector: {
    code: "PTI002",
    name: "GatewayWithoutSelector",
    severity: "error",
    description: "A Gateway without selector attaches to whichever gateway workload Istio finds.",
  },
  mergedVirtualServices: {
    code: "PTI003",
    name: "MergedVirtualServices",
    severity: "warning",
    description: "Several VirtualServices for one host on one gateway are merged in creation order.",
  },
  ingressWithoutHost: {
    code: "PTI004",
    name: "IngressWithoutHost",
    severity: "warning",
    description: "An Ingress rule without host answers for every name.",
  },
  notImported: {
    code: "PTI005",
    name: "NotImported",
    severity: "warning",
    description: "Configuration the topology cannot express was left out.",
  },
  backendMissing: {
    code: "PTI006",
    name: "BackendServiceMissing",
    severity: "warning",
    description: "A route sends traffic to a Service the cluster does not have.",
  },
  managedByPortico: {
    code: "PTI007",
    name: "ManagedByPortico",
    severity: "info",
    description: "Objects Portico renders itself are not imported again.",
  },
  annotationNotTranslated: {
    code: "PTI008",
    name: "AnnotationNotTranslated",
    severity: "warning",
    description:
      "An ingress-nginx annotation has no faithful translation; its behaviour is lost unless rebuilt.",
  },
  approximated: {
    code: "PTI009",
    name: "ApproximateTranslation",
    severity: "info",
    description: "Behaviour was translated with a small, named difference.",
  },
} as const satisfies Record<string, RuleMeta>;

export function importFinding(
  meta: RuleMeta,
  message: string,
  object: { cluster: string; kind: string; namespace?: string; name: string },
  hint: string,
): Finding {
  return { code: meta.code, name: meta.name, severity: meta.severity, message, objects: [object], hint };
}
