export type Addon = "istio" | "gatewayApi";

export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** Present only in clusters where this add-on is installed. */
  addon?: Addon;
  /** Has a /status subresource: main-resource writes keep the stored status. */
  status?: boolean;
  /** The server keeps metadata.generation (built-in core and RBAC kinds do not). */
  generation?: boolean;
  /** Has a /scale subresource (autoscaling/v1 Scale over spec.replicas). */
  scale?: boolean;
  /** Virtual create-only resources answered by the server (reviews). */
  review?: boolean;
  readOnly?: boolean;
}

const RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const RO = ["get", "list", "watch"];

function r(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, resource, kind, singular: kind.toLowerCase(), namespaced, verbs: RW, ...extra };
}

export const RESOURCES: ResourceType[] = [
  r("", "v1", "namespaces", "Namespace", false, { shortNames: ["ns"], status: true }),
  r("", "v1", "services", "Service", true, { shortNames: ["svc"], status: true, categories: ["all"] }),
  r("", "v1", "secrets", "Secret", true),
  r("", "v1", "configmaps", "ConfigMap", true, { shortNames: ["cm"] }),
  r("", "v1", "serviceaccounts", "ServiceAccount", true, { shortNames: ["sa"] }),
  r("", "v1", "pods", "Pod", true, { shortNames: ["po"], status: true, categories: ["all"] }),
  r("", "v1", "nodes", "Node", false, { shortNames: ["no"], status: true }),
  r("", "v1", "events", "Event", true, { shortNames: ["ev"] }),
  r("apps", "v1", "deployments", "Deployment", true, {
    shortNames: ["deploy"],
    status: true,
    scale: true,
    categories: ["all"],
  }),
  r("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
  r("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
  r("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
  r("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
  r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, {
    shortNames: ["pdb"],
    status: true,
  }),
  r("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, {
    shortNames: ["hpa"],
    status: true,
    categories: ["all"],
  }),
  r("networking.k8s.io", "v1", "ingresses", "Ingress", true, { shortNames: ["ing"], status: true }),
  r("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
  r("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, {
    verbs: ["create"],
    review: true,
  }),
  r("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, {
    verbs: ["create"],
    review: true,
  }),
  ...(
    [
      ["gateways", "Gateway", ["gw"]],
      ["virtualservices", "VirtualService", ["vs"]],
      ["destinationrules", "DestinationRule", ["dr"]],
      ["serviceentries", "ServiceEntry", ["se"]],
    ] as const
  ).map(([res, kind, sn]) =>
    r("networking.istio.io", "v1", res, kind, true, {
      addon: "istio",
      status: true,
      shortNames: [...sn],
      categories: ["istio-io", "networking-istio-io"],
    }),
  ),
  ...(
    [
      ["authorizationpolicies", "AuthorizationPolicy", ["ap"]],
      ["requestauthentications", "RequestAuthentication", ["ra"]],
      ["peerauthentications", "PeerAuthentication", ["pa"]],
    ] as const
  ).map(([res, kind, sn]) =>
    r("security.istio.io", "v1", res, kind, true, {
      addon: "istio",
      status: true,
      shortNames: [...sn],
      categories: ["istio-io", "security-istio-io"],
    }),
  ),
  r("gateway.networking.k8s.io", "v1", "gateways", "Gateway", true, {
    addon: "gatewayApi",
    status: true,
    shortNames: ["gtw"],
    categories: ["gateway-api"],
  }),
  r("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", true, {
    addon: "gatewayApi",
    status: true,
    categories: ["gateway-api"],
  }),
  r("gateway.networking.k8s.io", "v1", "gatewayclasses", "GatewayClass", false, {
    addon: "gatewayApi",
    status: true,
    shortNames: ["gc"],
    categories: ["gateway-api"],
  }),
  r("gateway.networking.k8s.io", "v1beta1", "referencegrants", "ReferenceGrant", true, {
    addon: "gatewayApi",
    shortNames: ["refgrant"],
    categories: ["gateway-api"],
  }),
  r("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true),
  // external-dns's CRD source: the demo clusters have it installed, as clusters that move DNS do.
  r("externaldns.k8s.io", "v1alpha1", "dnsendpoints", "DNSEndpoint", true, { status: true }),
  // Kinds of Portico's own installation manifests (deploy/).
  r("batch", "v1", "jobs", "Job", true, { status: true, categories: ["all"] }),
  r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, { shortNames: ["netpol"] }),
  // Served as if the Prometheus Operator's CRD were installed.
  r("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", true, {
    shortNames: ["smon"],
    categories: ["prometheus-operator"],
  }),
];

for (const rt of RESOURCES) if (rt.resource === "pods" || rt.resource === "nodes") rt.verbs = RO;
for (const rt of RESOURCES)
  rt.generation = rt.group !== "" && rt.group !== "rbac.authorization.k8s.io" && !rt.review;
for (const rt of RESOURCES) if (rt.verbs === RO) rt.readOnly = true;

/** "gateways.networking.istio.io", or "services" for the core group: the form RBAC messages use. */
export function qualifiedName(rt: ResourceType): string {
  return rt.group ? `${rt.resource}.${rt.group}` : rt.resource;
}

export function groupVersion(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

export interface Addons {
  istio: boolean;
  gatewayApi: boolean;
}

export function resourcesFor(addons: Addons): ResourceType[] {
  return RESOURCES.filter((rt) => !rt.addon || addons[rt.addon]);
}

export function findResource(
  addons: Addons,
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  return resourcesFor(addons).find(
    (rt) => rt.group === group && rt.version === version && rt.resource === resource,
  );
}

export function findByKind(addons: Addons, apiVersion: string, kind: string): ResourceType | undefined {
  return resourcesFor(addons).find((rt) => groupVersion(rt) === apiVersion && rt.kind === kind);
}

export function storeKey(rt: ResourceType): string {
  return `${rt.group}/${rt.resource}`;
}
