import { z } from "zod";

/**
 * The Portico topology document: the desired state of every cluster, product, gateway and route.
 * It is what a revision stores, what import produces and what export writes. Objects are strict so
 * a typo is refused instead of silently ignored.
 */

/** Kubernetes object names and namespaces must be DNS-1123 labels. */
const dnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: "must be a DNS-1123 label (lower case letters, digits and '-', max 63)",
  });

/** Hosts are checked by the analyzer (PTC015) so an imported bad host is reported, not refused. */
const host = z.string().min(1);

/** Go-style duration as Istio expects it, e.g. "5s", "250ms", "1m". */
const duration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, {
  message: "must be a duration such as 250ms, 5s or 1m",
});

const labels = z.record(z.string(), z.string());

export const ClusterSchema = z.strictObject({
  /** Unique cluster name as registered in Portico, e.g. `east`. */
  name: dnsLabel,
  /** Cloud region, e.g. `us-east-1`; used as the first level of Istio locality. */
  region: z.string().min(1),
  /** Availability zone, e.g. `us-east-1a`; second level of Istio locality. */
  zone: z.string().min(1),
  /** Istio network name; clusters on different networks reach each other through gateways. */
  network: z.string().min(1).default("network1"),
});

export const ProductSchema = z.strictObject({
  /** Unique product name, e.g. `payments`; stamped on every object as `portico.dev/product`. */
  name: dnsLabel,
  /** Human name shown in the UI. */
  displayName: z.string().optional(),
  /** Teams owning the product; their leads may request changes to it. */
  teams: z.array(z.string().min(1)).min(1),
  /** Namespaces holding the product's workloads. */
  namespaces: z.array(dnsLabel).min(1),
  /** Public hosts the product owns (ownership map built by import). */
  hosts: z.array(host).default([]),
});

export const TlsSchema = z.strictObject({
  /** Istio server TLS mode. */
  mode: z.enum(["SIMPLE", "MUTUAL", "PASSTHROUGH", "ISTIO_MUTUAL"]).default("SIMPLE"),
  /** Secret holding the certificate; must be in the gateway's own namespace. May be `ns/name`. */
  credentialName: z.string().min(1).optional(),
});

export const ListenerSchema = z.strictObject({
  /** Port name, unique within the gateway, e.g. `https`. */
  name: dnsLabel,
  /** Port the gateway listens on (also exposed on the gateway Service). */
  port: z.number().int().min(1).max(65535),
  /** Application protocol. */
  protocol: z.enum(["HTTP", "HTTPS", "HTTP2", "GRPC", "TLS", "TCP"]),
  /** Hosts served on this listener; may start with `*.`. */
  hosts: z.array(host).min(1),
  /** TLS settings for HTTPS/TLS listeners. */
  tls: TlsSchema.optional(),
});

export const PlacementSchema = z.strictObject({
  /** Cluster the gateway runs in. */
  cluster: dnsLabel,
  /** Replica count override for this cluster. */
  replicas: z.number().int().min(0).optional(),
  /** Address (load balancer host name or IP) other clusters use to reach this gateway. */
  address: z.string().min(1).optional(),
});

const quantity = z.union([z.string().min(1), z.number()]);
export const ResourcesSchema = z.strictObject({
  /** Requested resources, e.g. `{cpu: 100m, memory: 128Mi}`. */
  requests: z.record(z.string(), quantity).optional(),
  /** Resource limits. */
  limits: z.record(z.string(), quantity).optional(),
});

export const AutoscalingSchema = z.strictObject({
  /** Lower bound of replicas. */
  minReplicas: z.number().int().min(1),
  /** Upper bound of replicas. */
  maxReplicas: z.number().int().min(1),
  /** Average CPU utilisation the autoscaler aims for. */
  targetCPUUtilizationPercentage: z.number().int().min(1).max(100).default(80),
});

export const DisruptionBudgetSchema = z
  .strictObject({
    /** Pods that must stay available during voluntary disruptions. */
    minAvailable: z.union([z.number().int().min(0), z.string()]).optional(),
    /** Pods that may be unavailable during voluntary disruptions. */
    maxUnavailable: z.union([z.number().int().min(0), z.string()]).optional(),
  })
  .refine((v) => (v.minAvailable === undefined) !== (v.maxUnavailable === undefined), {
    message: "set exactly one of minAvailable or maxUnavailable",
  });

export const GatewaySchema = z.strictObject({
  /** Gateway name; used for the Istio Gateway and, for product gateways, the Deployment. */
  name: dnsLabel,
  /** Namespace of the Gateway and of its deployment. */
  namespace: dnsLabel,
  /**
   * `shared`: pre-existing (e.g. istio-system/istio-ingressgateway), owned by the cluster and never
   * rendered. `product`: a gateway Portico deploys for one product.
   */
  mode: z.enum(["shared", "product"]),
  /** Owning product; required for product gateways. */
  product: dnsLabel.optional(),
  /** Pod labels the Istio Gateway selects. Defaults to `{istio: <name>}`. `{}` selects nothing explicit. */
  selector: labels.optional(),
  /** Labels of the gateway pods. Defaults to the selector; differs only when modelling a mistake or an import. */
  workloadLabels: labels.optional(),
  /** Clusters the gateway runs in. */
  placement: z.array(PlacementSchema).min(1),
  /** Listeners (Istio Gateway servers). */
  listeners: z.array(ListenerSchema).min(1),
  /** Default replica count. */
  replicas: z.number().int().min(0).default(2),
  /** Container resources of the gateway proxy. */
  resources: ResourcesSchema.optional(),
  /** Horizontal autoscaling; when absent no HPA is rendered. */
  autoscaling: AutoscalingSchema.optional(),
  /** PodDisruptionBudget; when absent no PDB is rendered. */
  disruptionBudget: DisruptionBudgetSchema.optional(),
  /**
   * Ports the gateway's Service exposes. Imported for shared gateways; for product gateways it
   * defaults to the listener ports.
   */
  servicePorts: z.array(z.number().int().min(1).max(65535)).optional(),
  /** Type of the gateway Service. */
  serviceType: z.enum(["LoadBalancer", "ClusterIP", "NodePort"]).default("LoadBalancer"),
});

export const StringMatchSchema = z
  .strictObject({
    /** Exact match. */
    exact: z.string().optional(),
    /** Prefix match. */
    prefix: z.string().optional(),
    /** RE2 regular expression, anchored on the whole value. */
    regex: z.string().optional(),
  })
  .refine((m) => [m.exact, m.prefix, m.regex].filter((v) => v !== undefined).length === 1, {
    message: "set exactly one of exact, prefix or regex",
  });

export const MatchSchema = z.strictObject({
  /** Request path match. Absent matches every path. */
  path: StringMatchSchema.optional(),
  /** HTTP method, upper case. Absent matches every method. */
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]).optional(),
  /** Header matches (all must match). Header names are lower case. */
  headers: z.record(z.string().regex(/^[a-z0-9-]+$/), StringMatchSchema).optional(),
});

export const DestinationSchema = z.strictObject({
  /** Backend service name. */
  service: dnsLabel,
  /** Backend namespace; defaults to the route's namespace. */
  namespace: dnsLabel.optional(),
  /** Service port. */
  port: z.number().int().min(1).max(65535).optional(),
  /** DestinationRule subset. */
  subset: dnsLabel.optional(),
  /** Traffic share in percent; weights of one rule add up to 100. */
  weight: z.number().int().min(0).max(100).optional(),
});

export const RetriesSchema = z.strictObject({
  /** Number of retries. */
  attempts: z.number().int().min(0),
  /** Timeout per attempt. */
  perTryTimeout: duration.optional(),
  /** Envoy retry conditions, e.g. `5xx,connect-failure`. */
  retryOn: z.string().optional(),
});

export const HttpRuleSchema = z.strictObject({
  /** Rule name, shown in findings and contract reports. */
  name: z.string().min(1).optional(),
  /** Matches; any one suffices. Empty or absent matches everything. */
  match: z.array(MatchSchema).default([]),
  /** Weighted destinations. */
  destinations: z.array(DestinationSchema).min(1),
  /** Path rewrite applied before forwarding. */
  rewrite: z.strictObject({ uri: z.string().min(1) }).optional(),
  /** Overall request timeout. */
  timeout: duration.optional(),
  /** Retry policy. */
  retries: RetriesSchema.optional(),
});

export const RouteSchema = z.strictObject({
  /** Route name (becomes the VirtualService name). */
  name: dnsLabel,
  /** Owning product. */
  product: dnsLabel,
  /** Namespace of the VirtualService; defaults to the product's first namespace. */
  namespace: dnsLabel.optional(),
  /** Host clients call. */
  host: host,
  /** Gateways (`namespace/name`) the route is bound to, and `mesh` for internal clients. */
  gateways: z.array(z.string().min(1)).min(1),
  /** Clusters to render the route in; defaults to every cluster one of its gateways runs in. */
  clusters: z.array(dnsLabel).optional(),
  /** HTTP rules, first match wins. */
  http: z.array(HttpRuleSchema).min(1),
  /** Why this route intentionally exists only in some clusters; silences PTC014. */
  clusterSpecific: z.string().min(1).optional(),
});

export const ServicePortSchema = z.strictObject({
  /** Port name, e.g. `http`. */
  name: z.string().min(1).optional(),
  /** Port number. */
  port: z.number().int().min(1).max(65535),
});

export const SubsetSchema = z.strictObject({
  /** Subset name referenced by routes. */
  name: dnsLabel,
  /** Pod labels of the subset. */
  labels: labels,
});

export const ServiceSchema = z.strictObject({
  /** Service name. */
  name: dnsLabel,
  /** Service namespace. */
  namespace: dnsLabel,
  /** Owning product. */
  product: dnsLabel,
  /** Service ports. */
  ports: z.array(ServicePortSchema).min(1),
  /** Clusters where the service runs. */
  clusters: z.array(dnsLabel).min(1),
  /** Subsets for version routing. */
  subsets: z.array(SubsetSchema).default([]),
});

const serviceRef = z.strictObject({
  /** Service name. */
  name: dnsLabel,
  /** Service namespace. */
  namespace: dnsLabel,
});

export const OutlierDetectionSchema = z.strictObject({
  /** 5xx responses in a row before a host is ejected. */
  consecutive5xxErrors: z.number().int().min(1).default(5),
  /** Sweep interval. */
  interval: duration.default("10s"),
  /** Minimum ejection time. */
  baseEjectionTime: duration.default("30s"),
  /** Upper bound of ejected hosts in percent. */
  maxEjectionPercent: z.number().int().min(0).max(100).default(100),
});

export const CircuitBreakerSchema = z.strictObject({
  /** Policy name. */
  name: dnsLabel,
  /** Owning product. */
  product: dnsLabel,
  /** Protected service. */
  service: serviceRef,
  /** Connection pool limits. */
  connectionPool: z
    .strictObject({
      /** Max TCP connections per host. */
      maxConnections: z.number().int().min(1).optional(),
      /** Max queued HTTP/1.1 requests. */
      http1MaxPendingRequests: z.number().int().min(1).optional(),
      /** Max concurrent HTTP/2 requests. */
      http2MaxRequests: z.number().int().min(1).optional(),
      /** Requests per connection before it is recycled. */
      maxRequestsPerConnection: z.number().int().min(1).optional(),
    })
    .default({}),
  /** Ejection of failing endpoints. */
  outlierDetection: OutlierDetectionSchema.optional(),
});

export const JwtAuthenticationSchema = z.strictObject({
  /** Policy name. */
  name: dnsLabel,
  /** Owning product. */
  product: dnsLabel,
  /** Gateway (`namespace/name`) whose workload validates tokens. */
  gateway: z.string().min(1),
  /** Accepted issuers. */
  issuers: z
    .array(
      z.strictObject({
        /** Token issuer (`iss`). */
        issuer: z.string().min(1),
        /** JWKS location. */
        jwksUri: z.string().url(),
        /** Accepted audiences. */
        audiences: z.array(z.string()).optional(),
        /** Forward the token to the backend. */
        forwardOriginalToken: z.boolean().optional(),
      }),
    )
    .min(1),
  /** Refuse requests without a valid token (adds a DENY AuthorizationPolicy). */
  required: z.boolean().default(true),
});

export const AuthorizationRuleSchema = z.strictObject({
  /** Sources; absent means any source. */
  from: z
    .strictObject({
      /** SPIFFE principals, e.g. `cluster.local/ns/checkout/sa/checkout`. */
      principals: z.array(z.string()).optional(),
      /** JWT principals `iss/sub`. */
      requestPrincipals: z.array(z.string()).optional(),
      /** Source namespaces. */
      namespaces: z.array(z.string()).optional(),
      /** Source IP ranges. */
      ipBlocks: z.array(z.string()).optional(),
    })
    .optional(),
  /** Operations; absent means any operation. */
  to: z
    .strictObject({
      /** Hosts. */
      hosts: z.array(z.string()).optional(),
      /** HTTP methods. */
      methods: z.array(z.string()).optional(),
      /** Paths (Istio syntax, `*` prefix/suffix wildcards). */
      paths: z.array(z.string()).optional(),
    })
    .optional(),
});

export const AuthorizationSchema = z.strictObject({
  /** Policy name. */
  name: dnsLabel,
  /** Owning product. */
  product: dnsLabel,
  /** Gateway (`namespace/name`) the policy applies to, or a service. */
  target: z.union([
    z.strictObject({ /** Gateway `namespace/name`. */ gateway: z.string().min(1) }),
    z.strictObject({ /** Service the policy protects. */ service: serviceRef }),
  ]),
  /** Policy action. */
  action: z.enum(["ALLOW", "DENY"]),
  /** Rules; any matching rule triggers the action. */
  rules: z.array(AuthorizationRuleSchema).default([]),
});

export const PoliciesSchema = z.strictObject({
  /** Circuit breaking per service (DestinationRule connection pool and outlier detection). */
  circuitBreakers: z.array(CircuitBreakerSchema).default([]),
  /** JWT authentication at a gateway (RequestAuthentication). */
  authentication: z.array(JwtAuthenticationSchema).default([]),
  /** Authorization rules (AuthorizationPolicy). */
  authorization: z.array(AuthorizationSchema).default([]),
});

export const FailoverSchema = z.strictObject({
  /** Product whose services and gateway fail over between clusters. */
  product: dnsLabel,
  /** Region pairs: traffic originating in `from` fails over to `to`. */
  failover: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })).min(1),
  /**
   * Outlier detection for the failover DestinationRules. Without it locality failover never
   * triggers; leaving it out is reported (PTC010), not defaulted, so the intent is explicit.
   */
  outlierDetection: OutlierDetectionSchema.optional(),
});

export const SuccessorSchema = z.strictObject({
  /** Service being split or renamed. */
  service: serviceRef,
  /** Services that take over its API. */
  successors: z.array(serviceRef).min(1),
});

export const ClientSchema = z.strictObject({
  /** Client workload name, e.g. `checkout`. */
  name: dnsLabel,
  /** Client namespace. */
  namespace: dnsLabel,
  /** Clusters where the client runs. */
  clusters: z.array(dnsLabel).min(1),
  /** Hosts the client calls, e.g. `payments.payments.svc.cluster.local`. */
  calls: z.array(host).min(1),
});

export const TOPOLOGY_API_VERSION = "portico.dev/v1alpha1";

export const TopologySchema = z.strictObject({
  /** Document format version. */
  apiVersion: z.literal(TOPOLOGY_API_VERSION),
  /** Always `Topology`. */
  kind: z.literal("Topology"),
  metadata: z.strictObject({
    /** Name of the estate, e.g. `my-company`. */
    name: dnsLabel,
    /** Revision number stamped on rendered objects. */
    revision: z.number().int().min(0).optional(),
    /** Free text, e.g. the journey step. */
    description: z.string().optional(),
  }),
  /** Company domain, e.g. `my-company.io`. */
  domain: z.string().optional(),
  /** Clusters in the estate. */
  clusters: z.array(ClusterSchema).min(1),
  /** Products and their teams. */
  products: z.array(ProductSchema).default([]),
  /** Shared and product gateways. */
  gateways: z.array(GatewaySchema).default([]),
  /** HTTP routes (one VirtualService each). */
  routes: z.array(RouteSchema).default([]),
  /** Backend services per cluster. */
  services: z.array(ServiceSchema).default([]),
  /** Circuit breaking, authentication and authorization. */
  policies: PoliciesSchema.default({ circuitBreakers: [], authentication: [], authorization: [] }),
  /** Locality failover for high availability. */
  failover: z.array(FailoverSchema).default([]),
  /** Declared successors of split services (used by the contract check). */
  successors: z.array(SuccessorSchema).default([]),
  /** Internal clients and what they call. */
  clients: z.array(ClientSchema).default([]),
});

export type Topology = z.output<typeof TopologySchema>;
export type TopologyInput = z.input<typeof TopologySchema>;
export type Cluster = Topology["clusters"][number];
export type Product = Topology["products"][number];
export type GatewaySpec = Topology["gateways"][number];
export type Listener = GatewaySpec["listeners"][number];
export type Placement = GatewaySpec["placement"][number];
export type Route = Topology["routes"][number];
export type HttpRule = Route["http"][number];
export type RouteMatch = HttpRule["match"][number];
export type StringMatch = NonNullable<RouteMatch["path"]>;
export type Destination = HttpRule["destinations"][number];
export type ServiceSpec = Topology["services"][number];
export type CircuitBreaker = Topology["policies"]["circuitBreakers"][number];
export type JwtAuthentication = Topology["policies"]["authentication"][number];
export type Authorization = Topology["policies"]["authorization"][number];
export type Failover = Topology["failover"][number];
export type OutlierDetection = z.output<typeof OutlierDetectionSchema>;
export type Successor = Topology["successors"][number];
export type Client = Topology["clients"][number];

export interface ParseError {
  /** Dotted path of the offending value, e.g. `routes.0.http.1.destinations`. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint: string;
}

export type ParseResult = { ok: true; topology: Topology } | { ok: false; errors: ParseError[] };

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `remove ${issue.keys.map((k) => `'${k}'`).join(", ")} or check its spelling; unknown fields are refused`;
    case "invalid_type":
      return issue.input === undefined
        ? `add the required field (${issue.expected})`
        : `expected ${issue.expected}`;
    case "invalid_value":
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array"
        ? `add at least ${String(issue.minimum)} item(s)`
        : `use a value of at least ${String(issue.minimum)}`;
    case "too_big":
      return `use a value of at most ${String(issue.maximum)}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue
        ? `match the pattern ${String(issue.pattern)}`
        : `use a valid ${issue.format}`;
    case "invalid_union":
      return "the value matches none of the allowed shapes; see docs/topology.md";
    default:
      return "see docs/topology.md for the allowed values";
  }
}

/** Validates an already decoded YAML/JSON value; never throws. */
export function parseTopology(input: unknown): ParseResult {
  const result = TopologySchema.safeParse(input);
  if (result.success) return { ok: true, topology: result.data };
  const errors = result.error.issues.map((issue) => ({
    // Pointing at the unknown key itself makes the error clickable in editors and the UI.
    path:
      [...issue.path, ...(issue.code === "unrecognized_keys" && issue.keys.length === 1 ? issue.keys : [])]
        .map(String)
        .join(".") || "(root)",
    message: issue.message,
    hint: hintFor(issue),
  }));
  return { ok: false, errors };
}
