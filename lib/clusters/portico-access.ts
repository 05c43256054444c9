// What Portico needs to be allowed to do in a cluster, as data: the connection check asks the API
// server about each entry (SelfSubjectAccessReview) and docs/rbac/portico-rbac.yaml grants exactly
// these (a test keeps the two in step).

export type RequiredAccess = {
  /** "" for the core group. */
  group: string;
  /** Plural resource name, as RBAC rules name it. */
  resource: string;
  kind: string;
  /** Every verb the ClusterRole grants. */
  verbs: string[];
  /** The verbs the connection check asks about (a subset of `verbs`). */
  checked: string[];
  /** Only needed when this add-on is installed. */
  addon?: "istio" | "gatewayApi" | "externalDns";
  why: string;
};

/**
 * Kinds Portico renders and keeps in sync: server-side apply is a PATCH (plus create for objects that
 * do not exist yet), the inventory lists and watches, pruning deletes.
 */
const MANAGE = ["get", "list", "watch", "create", "patch", "delete"];
const MANAGE_CHECKED = ["patch", "list", "delete"];
const READ = ["get", "list", "watch"];

export const PORTICO_ACCESS: RequiredAccess[] = [
  {
    group: "",
    resource: "namespaces",
    kind: "Namespace",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "creates the namespace of each product gateway",
  },
  {
    group: "",
    resource: "serviceaccounts",
    kind: "ServiceAccount",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "identity of each gateway deployment",
  },
  {
    group: "",
    resource: "services",
    kind: "Service",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "the Service in front of each gateway",
  },
  {
    group: "apps",
    resource: "deployments",
    kind: "Deployment",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "gateway deployments; reads istiod's version",
  },
  {
    group: "policy",
    resource: "poddisruptionbudgets",
    kind: "PodDisruptionBudget",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "keeps gateways available during node drains",
  },
  {
    group: "autoscaling",
    resource: "horizontalpodautoscalers",
    kind: "HorizontalPodAutoscaler",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "scales gateways",
  },
  {
    group: "rbac.authorization.k8s.io",
    resource: "roles",
    kind: "Role",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "lets a gateway read its TLS secrets",
  },
  {
    group: "rbac.authorization.k8s.io",
    resource: "rolebindings",
    kind: "RoleBinding",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    why: "binds the gateway Role to its service account",
  },
  {
    group: "networking.istio.io",
    resource: "gateways",
    kind: "Gateway",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "istio",
    why: "product and shared gateways",
  },
  {
    group: "networking.istio.io",
    resource: "virtualservices",
    kind: "VirtualService",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "istio",
    why: "routes",
  },
  {
    group: "networking.istio.io",
    resource: "destinationrules",
    kind: "DestinationRule",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "istio",
    why: "circuit breaking and locality failover",
  },
  {
    group: "networking.istio.io",
    resource: "serviceentries",
    kind: "ServiceEntry",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "istio",
    why: "gateways of other clusters",
  },
  {
    group: "security.istio.io",
    resource: "authorizationpolicies",
    kind: "AuthorizationPolicy",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "istio",
    why: "authorization at the gateway",
  },
  {
    group: "security.istio.io",
    resource: "requestauthentications",
    kind: "RequestAuthentication",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "istio",
    why: "JWT authentication at the gateway",
  },
  {
    group: "gateway.networking.k8s.io",
    resource: "gateways",
    kind: "Gateway",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "gatewayApi",
    why: "Gateway API output",
  },
  {
    group: "gateway.networking.k8s.io",
    resource: "httproutes",
    kind: "HTTPRoute",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "gatewayApi",
    why: "Gateway API routes",
  },
  {
    group: "gateway.networking.k8s.io",
    resource: "referencegrants",
    kind: "ReferenceGrant",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "gatewayApi",
    why: "cross-namespace references",
  },
  {
    group: "externaldns.k8s.io",
    resource: "dnsendpoints",
    kind: "DNSEndpoint",
    verbs: MANAGE,
    checked: MANAGE_CHECKED,
    addon: "externalDns",
    why: "publishes a product's hosts with weighted records during a DNS cutover",
  },
  {
    group: "",
    resource: "nodes",
    kind: "Node",
    verbs: READ,
    checked: ["list"],
    why: "zones and regions for locality",
  },
  {
    group: "networking.k8s.io",
    resource: "ingresses",
    kind: "Ingress",
    verbs: READ,
    checked: ["list"],
    why: "imports the shared ingress",
  },
  {
    group: "discovery.k8s.io",
    resource: "endpointslices",
    kind: "EndpointSlice",
    verbs: READ,
    checked: ["list"],
    why: "whether backends have ready endpoints before traffic moves to them",
  },
  // Note: Kubernetes only lets Portico create the gateway Role (which grants read access to the
  // gateway's TLS secrets) if Portico holds that access itself. Portico itself only checks that a
  // gateway's TLS Secret exists, with metadata-only reads (PartialObjectMetadata); RBAC cannot
  // restrict a grant to metadata, so that is Portico's own discipline (ClusterClient.getMetadata).
  {
    group: "",
    resource: "secrets",
    kind: "Secret",
    verbs: READ,
    checked: ["list"],
    why: "required to grant gateways read access to their TLS secrets; Portico checks they exist (metadata only)",
  },
];
