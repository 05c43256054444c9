import { z } from "zod";
import { DNS_LABEL, invalidHostReason, NAMESPACED_NAME } from "@/lib/validations/names";

/**
 * The Portico topology document: the desired state of every cluster, product, gateway and route.
 * It is what a revision stores, what import produces and what export writes. Objects are strict so
 * a typo is refused instead of silently ignored.
 */

/**
 * Largest lists a document may hold (docs/topology.md, "Limits"). They bound the work of one
 * validation, render and contract check, and sit well above what one estate needs: a benchmark
 * estate of 10,000 products in 5 clusters fits.
 */
export const LIMITS = {
  clusters: 100,
  products: 20_000,
  gateways: 20_000,
  routes: 50_000,
  services: 100_000,
  clients: 20_000,
  /** Each policy list, failover entries and successors. */
  policies: 50_000,
  /** Placements of a gateway, clusters of a service, route or client. */
  placements: 100,
  listenersPerGateway: 64,
  /** Hosts of a listener, of a product, and calls of a client. */
  hosts: 1_000,
  rulesPerRoute: 500,
  matchesPerRule: 64,
  headersPerMatch: 32,
  destinationsPerRule: 64,
  /** Ports and subsets of a service, namespaces of a product, gateways of a route. */
  small: 64,
  /** Rules of an authorization policy, entries of each of their lists, failover pairs. */
  policyRules: 256,
} as const;

/** Kubernetes object names and namespaces must be DNS-1123 labels. */
const dnsLabel = z.string().min(1).max(63).regex(DNS_LABEL, {
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
  name: dnsLabel.describe("Unique cluster name as registered in Portico, e.g. `east`."),
  /** Cloud region, e.g. `us-east-1`; used as the first level of Istio locality. */
  region: z
    .string()
    .min(1)
    .describe("Cloud region, e.g. `us-east-1`; used as the first level of Istio locality."),
  /** Availability zone, e.g. `us-east-1a`; second level of Istio locality. */
  zone: z.string().min(1).describe("Availability zone, e.g. `us-east-1a`; second level of Istio locality."),
  /** Istio network name; clusters on different networks reach each other through gateways. */
  network: z
    .string()
    .min(1)
    .default("network1")
    .describe("Istio network name; clusters on different networks reach each other through gateways."),
});

export const ProbeSettingsSchema = z.strictObject({
  /** Response headers whose values must be equal (lower case); volatile ones stay out. */
  headers: z
    .array(z.string().regex(/^[a-z0-9-]+$/))
    .max(LIMITS.small)
    .default(["content-type"])
    .describe("Response headers whose values must be equal (lower case); volatile ones stay out."),
  /**
   * What of the body must be equal: `fields` (the listed JSON fields, or the whole body when it is
   * not JSON), `full` (every byte) or `none`.
   */
  body: z
    .enum(["fields", "full", "none"])
    .default("fields")
    .describe(
      "What of the body must be equal: `fields` (the listed JSON fields, or the whole body when it is not JSON), `full` (every byte) or `none`.",
    ),
  /** JSON fields compared with `body: fields`; dotted paths. Defaults to an echo backend's identity. */
  bodyFields: z
    .array(z.string().min(1))
    .max(LIMITS.small)
    .default(["namespace", "service", "labels", "method", "path", "host"])
    .describe(
      "JSON fields compared with `body: fields`; dotted paths. Defaults to an echo backend's identity.",
    ),
});

/** An IPv4 address, as an A record's target. */
const IPV4 =
  /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
/** A host name, as a CNAME's target (a load balancer that publishes a name, e.g. on AWS). */
const isHostName = (name: string) => !name.includes("*") && !invalidHostReason(name.replace(/\.$/, ""));

/** The record type a weighted set's targets make: A for IPv4 addresses, CNAME for one host name. */
export function dnsRecordType(targets: readonly string[]): "A" | "CNAME" | undefined {
  if (targets.length > 0 && targets.every((t) => IPV4.test(t))) return "A";
  if (targets.length === 1 && isHostName(targets[0]!.toLowerCase())) return "CNAME";
  return undefined;
}

export const DnsRecordSchema = z.strictObject({
  /** Route 53 set identifier, unique per host, e.g. `shared` or `payments-gateway`. */
  setIdentifier: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_.-]+$/, { message: "must be letters, digits, '-', '_' or '.'" })
    .describe("Route 53 set identifier, unique per host, e.g. `shared` or `payments-gateway`."),
  /** The gateway (`namespace/name`) whose load balancer the targets are; what a stage moves weight to or from. */
  gateway: z
    .string()
    .regex(NAMESPACED_NAME, {
      message: "must be namespace/name of a gateway",
    })
    .optional()
    .describe(
      "The gateway (`namespace/name`) whose load balancer the targets are; what a stage moves weight to or from.",
    ),
  /** IPv4 addresses (an A record) or one host name (a CNAME) of the gateway's load balancer. */
  targets: z
    .array(z.string().min(1).max(253))
    .min(1)
    .max(LIMITS.small)
    .describe("IPv4 addresses (an A record) or one host name (a CNAME) of the gateway's load balancer."),
  /** Relative weight, 0 to 255 as Route 53 takes it; Portico's stages use percentages (weights summing to 100). */
  weight: z
    .number()
    .int()
    .min(0)
    .max(255)
    .describe(
      "Relative weight, 0 to 255 as Route 53 takes it; Portico's stages use percentages (weights summing to 100).",
    ),
});

export const DnsHostSchema = z
  .strictObject({
    /** One of the product's hosts. */
    host: host.describe("One of the product's hosts."),
    /** Weighted record sets of the host; at most one answers each query (Route 53 weighted routing). */
    records: z
      .array(DnsRecordSchema)
      .min(1)
      .max(LIMITS.small)
      .describe(
        "Weighted record sets of the host; at most one answers each query (Route 53 weighted routing).",
      ),
  })
  .superRefine((h, ctx) => {
    const ids = new Set<string>();
    const types = new Set<string>();
    h.records.forEach((r, i) => {
      if (ids.has(r.setIdentifier))
        ctx.addIssue({
          code: "custom",
          path: ["records", i, "setIdentifier"],
          message: `set identifier "${r.setIdentifier}" is used twice for ${h.host}; each weighted set needs its own`,
        });
      ids.add(r.setIdentifier);
      const type = dnsRecordType(r.targets);
      if (!type)
        ctx.addIssue({
          code: "custom",
          path: ["records", i, "targets"],
          message:
            "targets must be IPv4 addresses (an A record) or exactly one host name (a CNAME), as the load balancer publishes them",
        });
      else types.add(type);
    });
    if (types.size > 1)
      ctx.addIssue({
        code: "custom",
        path: ["records"],
        message: `the weighted sets of ${h.host} mix A and CNAME records; DNS serves one type per name, so give every set addresses or every set one host name`,
      });
  });

export const ProductDnsSchema = z.strictObject({
  /** Cluster whose external-dns publishes the records (the DNSEndpoint object lives there). */
  cluster: dnsLabel.describe(
    "Cluster whose external-dns publishes the records (the DNSEndpoint object lives there).",
  ),
  /** Namespace of the DNSEndpoint object. */
  namespace: dnsLabel.describe("Namespace of the DNSEndpoint object."),
  /** Name of the DNSEndpoint object; defaults to `<product>-dns`. */
  name: dnsLabel.optional().describe("Name of the DNSEndpoint object; defaults to `<product>-dns`."),
  /** Time to live of every record, in seconds; keep it short during a cutover so a stage takes effect quickly. */
  ttl: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(60)
    .describe(
      "Time to live of every record, in seconds; keep it short during a cutover so a stage takes effect quickly.",
    ),
  /** Percentages of traffic a cutover moves to the product gateway, in order (docs/cutover.md, "DNS in steps"). */
  stages: z
    .array(z.number().int().min(1).max(100))
    .min(1)
    .max(20)
    .default([10, 50, 100])
    .refine((s) => s.every((v, i) => i === 0 || v > s[i - 1]!) && s[s.length - 1] === 100, {
      message: "stages must rise strictly and end at 100, e.g. [10, 50, 100]",
    })
    .describe(
      'Percentages of traffic a cutover moves to the product gateway, in order (docs/cutover.md, "DNS in steps").',
    ),
  /** Hosts Portico publishes, each with its weighted record sets. */
  hosts: z
    .array(DnsHostSchema)
    .min(1)
    .max(LIMITS.hosts)
    .describe("Hosts Portico publishes, each with its weighted record sets."),
});

export const ProductSchema = z
  .strictObject({
    /** Unique product name, e.g. `payments`; stamped on every object as `portico.dev/product`. */
    name: dnsLabel.describe(
      "Unique product name, e.g. `payments`; stamped on every object as `portico.dev/product`.",
    ),
    /** Human name shown in the UI. */
    displayName: z.string().optional().describe("Human name shown in the UI."),
    /** Teams owning the product; their leads may request changes to it. */
    teams: z
      .array(z.string().min(1))
      .min(1)
      .describe("Teams owning the product; their leads may request changes to it."),
    /** Namespaces holding the product's workloads. */
    namespaces: z
      .array(dnsLabel)
      .min(1)
      .max(LIMITS.small)
      .describe("Namespaces holding the product's workloads."),
    /** Public hosts the product owns (ownership map built by import). */
    hosts: z
      .array(host)
      .max(LIMITS.hosts)
      .default([])
      .describe("Public hosts the product owns (ownership map built by import)."),
    /** How probes compare the shared and the product gateway's answers (docs/cutover.md). */
    probe: ProbeSettingsSchema.optional().describe(
      "How probes compare the shared and the product gateway's answers (docs/cutover.md).",
    ),
    /**
     * The product's hosts as Portico publishes them in DNS, through an external-dns DNSEndpoint with
     * weighted records (docs/cutover.md, "DNS in steps"). Absent: DNS is not managed by Portico.
     */
    dns: ProductDnsSchema.optional().describe(
      'The product\'s hosts as Portico publishes them in DNS, through an external-dns DNSEndpoint with weighted records (docs/cutover.md, "DNS in steps"). Absent: DNS is not managed by Portico.',
    ),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.dns?.hosts.forEach((h, i) => {
      const name = h.host.toLowerCase().replace(/\.$/, "");
      if (!p.hosts.some((own) => own.toLowerCase() === name))
        ctx.addIssue({
          code: "custom",
          path: ["dns", "hosts", i, "host"],
          message: `${h.host} is not one of product ${p.name}'s hosts (${p.hosts.join(", ") || "none"}); add it to hosts or publish only the product's own hosts`,
        });
      if (seen.has(name))
        ctx.addIssue({
          code: "custom",
          path: ["dns", "hosts", i, "host"],
          message: `${h.host} is listed twice under dns.hosts; give each host one entry with all its weighted sets`,
        });
      seen.add(name);
    });
  });

export const TlsSchema = z.strictObject({
  /** Istio server TLS mode. */
  mode: z
    .enum(["SIMPLE", "MUTUAL", "PASSTHROUGH", "ISTIO_MUTUAL"])
    .default("SIMPLE")
    .describe("Istio server TLS mode."),
  /** Secret holding the certificate; must be in the gateway's own namespace. May be `ns/name`. */
  credentialName: z
    .string()
    .min(1)
    .optional()
    .describe("Secret holding the certificate; must be in the gateway's own namespace. May be `ns/name`."),
});

export const ListenerSchema = z.strictObject({
  /** Port name, unique within the gateway, e.g. `https`. */
  name: dnsLabel.describe("Port name, unique within the gateway, e.g. `https`."),
  /** Port the gateway listens on (also exposed on the gateway Service). */
  port: z
    .number()
    .int()
    .min(1)
    .max(65535)
    .describe("Port the gateway listens on (also exposed on the gateway Service)."),
  /** Application protocol. */
  protocol: z.enum(["HTTP", "HTTPS", "HTTP2", "GRPC", "TLS", "TCP"]).describe("Application protocol."),
  /** Hosts served on this listener; may start with `*.`. */
  hosts: z
    .array(host)
    .min(1)
    .max(LIMITS.hosts)
    .describe("Hosts served on this listener; may start with `*.`."),
  /** TLS settings for HTTPS/TLS listeners. */
  tls: TlsSchema.optional().describe("TLS settings for HTTPS/TLS listeners."),
  /** Plain-HTTP listener answering every request with a 301 to https (Istio `tls.httpsRedirect`). */
  httpsRedirect: z
    .boolean()
    .optional()
    .describe("Plain-HTTP listener answering every request with a 301 to https (Istio `tls.httpsRedirect`)."),
});

export const PlacementSchema = z.strictObject({
  /** Cluster the gateway runs in. */
  cluster: dnsLabel.describe("Cluster the gateway runs in."),
  /** Replica count override for this cluster. */
  replicas: z.number().int().min(0).optional().describe("Replica count override for this cluster."),
  /** Address (load balancer host name or IP) other clusters use to reach this gateway. */
  address: z
    .string()
    .min(1)
    .optional()
    .describe("Address (load balancer host name or IP) other clusters use to reach this gateway."),
});

const quantity = z.union([z.string().min(1), z.number()]);
export const ResourcesSchema = z.strictObject({
  /** Requested resources, e.g. `{cpu: 100m, memory: 128Mi}`. */
  requests: z
    .record(z.string(), quantity)
    .optional()
    .describe("Requested resources, e.g. `{cpu: 100m, memory: 128Mi}`."),
  /** Resource limits. */
  limits: z.record(z.string(), quantity).optional().describe("Resource limits."),
});

export const AutoscalingSchema = z.strictObject({
  /** Lower bound of replicas. */
  minReplicas: z.number().int().min(1).describe("Lower bound of replicas."),
  /** Upper bound of replicas. */
  maxReplicas: z.number().int().min(1).describe("Upper bound of replicas."),
  /** Average CPU utilisation the autoscaler aims for. */
  targetCPUUtilizationPercentage: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(80)
    .describe("Average CPU utilisation the autoscaler aims for."),
});

export const DisruptionBudgetSchema = z
  .strictObject({
    /** Pods that must stay available during voluntary disruptions. */
    minAvailable: z
      .union([z.number().int().min(0), z.string()])
      .optional()
      .describe("Pods that must stay available during voluntary disruptions."),
    /** Pods that may be unavailable during voluntary disruptions. */
    maxUnavailable: z
      .union([z.number().int().min(0), z.string()])
      .optional()
      .describe("Pods that may be unavailable during voluntary disruptions."),
  })
  .refine((v) => (v.minAvailable === undefined) !== (v.maxUnavailable === undefined), {
    message: "set exactly one of minAvailable or maxUnavailable",
  });

export const GatewaySchema = z.strictObject({
  /** Gateway name; used for the Istio Gateway and, for product gateways, the Deployment. */
  name: dnsLabel.describe(
    "Gateway name; used for the Istio Gateway and, for product gateways, the Deployment.",
  ),
  /** Namespace of the Gateway and of its deployment. */
  namespace: dnsLabel.describe("Namespace of the Gateway and of its deployment."),
  /**
   * `shared`: pre-existing (e.g. istio-system/istio-ingressgateway), owned by the cluster and never
   * rendered. `product`: a gateway Portico deploys for one product.
   */
  mode: z
    .enum(["shared", "product"])
    .describe(
      "`shared`: pre-existing (e.g. istio-system/istio-ingressgateway), owned by the cluster and never rendered. `product`: a gateway Portico deploys for one product.",
    ),
  /** Owning product; required for product gateways. */
  product: dnsLabel.optional().describe("Owning product; required for product gateways."),
  /** Pod labels the Istio Gateway selects. Defaults to `{istio: <name>}`. `{}` selects nothing explicit. */
  selector: labels
    .optional()
    .describe(
      "Pod labels the Istio Gateway selects. Defaults to `{istio: <name>}`. `{}` selects nothing explicit.",
    ),
  /** Labels of the gateway pods. Defaults to the selector; differs only when modelling a mistake or an import. */
  workloadLabels: labels
    .optional()
    .describe(
      "Labels of the gateway pods. Defaults to the selector; differs only when modelling a mistake or an import.",
    ),
  /** Clusters the gateway runs in. */
  placement: z.array(PlacementSchema).min(1).max(LIMITS.placements).describe("Clusters the gateway runs in."),
  /** Listeners (Istio Gateway servers). */
  listeners: z
    .array(ListenerSchema)
    .min(1)
    .max(LIMITS.listenersPerGateway)
    .describe("Listeners (Istio Gateway servers)."),
  /** Default replica count. */
  replicas: z.number().int().min(0).default(2).describe("Default replica count."),
  /** Container resources of the gateway proxy. */
  resources: ResourcesSchema.optional().describe("Container resources of the gateway proxy."),
  /** Horizontal autoscaling; when absent no HPA is rendered. */
  autoscaling: AutoscalingSchema.optional().describe(
    "Horizontal autoscaling; when absent no HPA is rendered.",
  ),
  /** PodDisruptionBudget; when absent no PDB is rendered. */
  disruptionBudget: DisruptionBudgetSchema.optional().describe(
    "PodDisruptionBudget; when absent no PDB is rendered.",
  ),
  /**
   * Ports the gateway's Service exposes. Imported for shared gateways; for product gateways it
   * defaults to the listener ports.
   */
  servicePorts: z
    .array(z.number().int().min(1).max(65535))
    .optional()
    .describe(
      "Ports the gateway's Service exposes. Imported for shared gateways; for product gateways it defaults to the listener ports.",
    ),
  /** Type of the gateway Service. */
  serviceType: z
    .enum(["LoadBalancer", "ClusterIP", "NodePort"])
    .default("LoadBalancer")
    .describe("Type of the gateway Service."),
});

export const StringMatchSchema = z
  .strictObject({
    /** Exact match. */
    exact: z.string().optional().describe("Exact match."),
    /** Prefix match. */
    prefix: z.string().optional().describe("Prefix match."),
    /** RE2 regular expression, anchored on the whole value. */
    regex: z.string().optional().describe("RE2 regular expression, anchored on the whole value."),
  })
  .refine((m) => [m.exact, m.prefix, m.regex].filter((v) => v !== undefined).length === 1, {
    message: "set exactly one of exact, prefix or regex",
  });

export const MatchSchema = z.strictObject({
  /** Request path match. Absent matches every path. */
  path: StringMatchSchema.optional().describe("Request path match. Absent matches every path."),
  /** HTTP method, upper case. Absent matches every method. */
  method: z
    .enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"])
    .optional()
    .describe("HTTP method, upper case. Absent matches every method."),
  /** Header matches (all must match). Header names are lower case. */
  headers: z
    .record(z.string().regex(/^[a-z0-9-]+$/), StringMatchSchema)
    .refine((h) => Object.keys(h).length <= LIMITS.headersPerMatch, {
      message: `at most ${LIMITS.headersPerMatch} header matches`,
    })
    .optional()
    .describe("Header matches (all must match). Header names are lower case."),
});

export const DestinationSchema = z.strictObject({
  /** Backend service name. */
  service: dnsLabel.describe("Backend service name."),
  /** Backend namespace; defaults to the route's namespace. */
  namespace: dnsLabel.optional().describe("Backend namespace; defaults to the route's namespace."),
  /** Service port. */
  port: z.number().int().min(1).max(65535).optional().describe("Service port."),
  /** DestinationRule subset. */
  subset: dnsLabel.optional().describe("DestinationRule subset."),
  /** Traffic share in percent; weights of one rule add up to 100. */
  weight: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe("Traffic share in percent; weights of one rule add up to 100."),
});

export const RetriesSchema = z.strictObject({
  /** Number of retries. */
  attempts: z.number().int().min(0).describe("Number of retries."),
  /** Timeout per attempt. */
  perTryTimeout: duration.optional().describe("Timeout per attempt."),
  /** Envoy retry conditions, e.g. `5xx,connect-failure`. */
  retryOn: z.string().optional().describe("Envoy retry conditions, e.g. `5xx,connect-failure`."),
});

export const RedirectSchema = z.strictObject({
  /** Scheme of the new location; absent keeps the request's. */
  scheme: z
    .enum(["http", "https"])
    .optional()
    .describe("Scheme of the new location; absent keeps the request's."),
  /** Host (and port) of the new location; absent keeps the request's. */
  authority: z
    .string()
    .min(1)
    .optional()
    .describe("Host (and port) of the new location; absent keeps the request's."),
  /** Path of the new location; absent keeps the request's. */
  uri: z.string().min(1).optional().describe("Path of the new location; absent keeps the request's."),
  /** Status code of the redirect. */
  code: z
    .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
    .default(301)
    .describe("Status code of the redirect."),
});

export const RewriteSchema = z
  .strictObject({
    /** Replaces the matched path prefix (or the whole path of an exact match). */
    uri: z
      .string()
      .min(1)
      .optional()
      .describe("Replaces the matched path prefix (or the whole path of an exact match)."),
    /** Regex rewrite of the path: `match` (RE2) replaced by `substitution` (`\\1` for groups). */
    uriRegex: z
      .strictObject({ match: z.string().min(1), substitution: z.string() })
      .optional()
      .describe("Regex rewrite of the path: `match` (RE2) replaced by `substitution` (`\\1` for groups)."),
    /** Host header sent to the backend. */
    authority: z.string().min(1).optional().describe("Host header sent to the backend."),
  })
  .refine((r) => r.uri !== undefined || r.uriRegex !== undefined || r.authority !== undefined, {
    message: "set uri, uriRegex or authority",
  })
  .refine((r) => r.uri === undefined || r.uriRegex === undefined, {
    message: "set uri or uriRegex, not both",
  });

export const CorsSchema = z.strictObject({
  /** Origins allowed to call; `{exact: "*"}` allows any. */
  allowOrigins: z
    .array(StringMatchSchema)
    .min(1)
    .describe('Origins allowed to call; `{exact: "*"}` allows any.'),
  /** Methods allowed in the actual request. */
  allowMethods: z.array(z.string().min(1)).default([]).describe("Methods allowed in the actual request."),
  /** Request headers the caller may send. */
  allowHeaders: z.array(z.string().min(1)).default([]).describe("Request headers the caller may send."),
  /** Response headers the browser may read. */
  exposeHeaders: z.array(z.string().min(1)).default([]).describe("Response headers the browser may read."),
  /** Whether the actual request may carry credentials. */
  allowCredentials: z.boolean().optional().describe("Whether the actual request may carry credentials."),
  /** How long a preflight answer may be cached. */
  maxAge: duration.optional().describe("How long a preflight answer may be cached."),
});

export const HttpRuleSchema = z
  .strictObject({
    /** Rule name, shown in findings and contract reports. */
    name: z.string().min(1).optional().describe("Rule name, shown in findings and contract reports."),
    /** Matches; any one suffices. Empty or absent matches everything. */
    match: z
      .array(MatchSchema)
      .max(LIMITS.matchesPerRule)
      .default([])
      .describe("Matches; any one suffices. Empty or absent matches everything."),
    /** Weighted destinations; empty only when the rule redirects. */
    destinations: z
      .array(DestinationSchema)
      .max(LIMITS.destinationsPerRule)
      .default([])
      .describe("Weighted destinations; empty only when the rule redirects."),
    /** Answer with a redirect instead of forwarding. */
    redirect: RedirectSchema.optional().describe("Answer with a redirect instead of forwarding."),
    /** Path or host rewrite applied before forwarding. */
    rewrite: RewriteSchema.optional().describe("Path or host rewrite applied before forwarding."),
    /** Request headers set before forwarding, e.g. `x-forwarded-prefix`. */
    setRequestHeaders: z
      .record(z.string().regex(/^[a-z0-9-]+$/), z.string())
      .optional()
      .describe("Request headers set before forwarding, e.g. `x-forwarded-prefix`."),
    /** Cross-origin resource sharing answered at the gateway. */
    cors: CorsSchema.optional().describe("Cross-origin resource sharing answered at the gateway."),
    /** Largest request body accepted, in bytes (larger ones are refused with 413). */
    maxRequestBodyBytes: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Largest request body accepted, in bytes (larger ones are refused with 413)."),
    /** Overall request timeout. */
    timeout: duration.optional().describe("Overall request timeout."),
    /** Retry policy. */
    retries: RetriesSchema.optional().describe("Retry policy."),
  })
  .refine((r) => r.destinations.length > 0 !== (r.redirect !== undefined), {
    message: "a rule either forwards (destinations) or redirects (redirect)",
  });

export const RouteSchema = z.strictObject({
  /** Route name (becomes the VirtualService name). */
  name: dnsLabel.describe("Route name (becomes the VirtualService name)."),
  /** Owning product. */
  product: dnsLabel.describe("Owning product."),
  /** Namespace of the VirtualService; defaults to the product's first namespace. */
  namespace: dnsLabel
    .optional()
    .describe("Namespace of the VirtualService; defaults to the product's first namespace."),
  /** Host clients call. */
  host: host.describe("Host clients call."),
  /** Gateways (`namespace/name`) the route is bound to, and `mesh` for internal clients. */
  gateways: z
    .array(z.string().min(1))
    .min(1)
    .max(LIMITS.small)
    .describe("Gateways (`namespace/name`) the route is bound to, and `mesh` for internal clients."),
  /** Clusters to render the route in; defaults to every cluster one of its gateways runs in. */
  clusters: z
    .array(dnsLabel)
    .max(LIMITS.placements)
    .optional()
    .describe("Clusters to render the route in; defaults to every cluster one of its gateways runs in."),
  /** HTTP rules, first match wins. */
  http: z.array(HttpRuleSchema).min(1).max(LIMITS.rulesPerRoute).describe("HTTP rules, first match wins."),
  /** Namespaces the VirtualService is visible to (Istio `exportTo`); absent means all. */
  exportTo: z
    .array(z.string().min(1))
    .optional()
    .describe("Namespaces the VirtualService is visible to (Istio `exportTo`); absent means all."),
  /** Why this route intentionally exists only in some clusters; silences PTC014. */
  clusterSpecific: z
    .string()
    .min(1)
    .optional()
    .describe("Why this route intentionally exists only in some clusters; silences PTC014."),
});

export const ServicePortSchema = z.strictObject({
  /** Port name, e.g. `http`. */
  name: z.string().min(1).optional().describe("Port name, e.g. `http`."),
  /** Port number. */
  port: z.number().int().min(1).max(65535).describe("Port number."),
  /** Port of the pods behind it; defaults to `port`. Used for the Services Portico renders per subset. */
  targetPort: z
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe(
      "Port of the pods behind it; defaults to `port`. Used for the Services Portico renders per subset.",
    ),
});

export const SubsetSchema = z.strictObject({
  /** Subset name referenced by routes. */
  name: dnsLabel.describe("Subset name referenced by routes."),
  /** Pod labels of the subset. */
  labels: labels.describe("Pod labels of the subset."),
});

export const ServiceSchema = z.strictObject({
  /** Service name. */
  name: dnsLabel.describe("Service name."),
  /** Service namespace. */
  namespace: dnsLabel.describe("Service namespace."),
  /** Owning product. */
  product: dnsLabel.describe("Owning product."),
  /** Service ports. */
  ports: z.array(ServicePortSchema).min(1).max(LIMITS.small).describe("Service ports."),
  /** Clusters where the service runs. */
  clusters: z.array(dnsLabel).min(1).max(LIMITS.placements).describe("Clusters where the service runs."),
  /**
   * Pod labels the Service selects. Gateway API has no subsets: to send traffic to one, Portico
   * renders a Service per subset selecting these labels plus the subset's, and needs them declared.
   */
  selector: labels
    .optional()
    .describe(
      "Pod labels the Service selects. Gateway API has no subsets: to send traffic to one, Portico renders a Service per subset selecting these labels plus the subset's, and needs them declared.",
    ),
  /** Subsets for version routing. */
  subsets: z.array(SubsetSchema).max(LIMITS.small).default([]).describe("Subsets for version routing."),
  /** How gateways talk to the service (DestinationRule traffic policy). */
  backend: z
    .strictObject({
      /** Protocol to the pods: HTTPS and GRPCS originate TLS, GRPC and GRPCS use HTTP/2. */
      protocol: z.enum(["HTTP", "HTTPS", "GRPC", "GRPCS"]).optional(),
      /**
       * CA bundle the gateway proxy verifies the pods' certificates with (HTTPS and GRPCS), a file
       * path inside the proxy, e.g. `/etc/istio/backend-ca/ca.crt`. Without it the proxy does not
       * check whom it talks to (reported as PTC037).
       */
      caCertificates: z.string().min(1).optional(),
      /** TCP connect timeout. */
      connectTimeout: duration.optional(),
      /** Sticky sessions by a cookie the proxy sets. */
      sessionCookie: z
        .strictObject({
          /** Cookie name. */
          name: z.string().min(1),
          /** Cookie path. */
          path: z.string().min(1).optional(),
          /** Cookie lifetime; `0s` is a session cookie. */
          ttl: duration.default("0s"),
        })
        .optional(),
    })
    .optional()
    .describe("How gateways talk to the service (DestinationRule traffic policy)."),
});

const serviceRef = z.strictObject({
  /** Service name. */
  name: dnsLabel.describe("Service name."),
  /** Service namespace. */
  namespace: dnsLabel.describe("Service namespace."),
});

export const OutlierDetectionSchema = z.strictObject({
  /** 5xx responses in a row before a host is ejected. */
  consecutive5xxErrors: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe("5xx responses in a row before a host is ejected."),
  /** Sweep interval. */
  interval: duration.default("10s").describe("Sweep interval."),
  /** Minimum ejection time. */
  baseEjectionTime: duration.default("30s").describe("Minimum ejection time."),
  /** Upper bound of ejected hosts in percent. */
  maxEjectionPercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(100)
    .describe("Upper bound of ejected hosts in percent."),
});

export const CircuitBreakerSchema = z.strictObject({
  /** Policy name. */
  name: dnsLabel.describe("Policy name."),
  /** Owning product. */
  product: dnsLabel.describe("Owning product."),
  /** Protected service. */
  service: serviceRef.describe("Protected service."),
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
    .default({})
    .describe("Connection pool limits."),
  /** Ejection of failing endpoints. */
  outlierDetection: OutlierDetectionSchema.optional().describe("Ejection of failing endpoints."),
});

export const JwtAuthenticationSchema = z.strictObject({
  /** Policy name. */
  name: dnsLabel.describe("Policy name."),
  /** Owning product. */
  product: dnsLabel.describe("Owning product."),
  /** Gateway (`namespace/name`) whose workload validates tokens. */
  gateway: z.string().min(1).describe("Gateway (`namespace/name`) whose workload validates tokens."),
  /** Accepted issuers. */
  issuers: z
    .array(
      z.strictObject({
        /** Token issuer (`iss`). */
        issuer: z.string().min(1),
        /** JWKS location. */
        jwksUri: z.string().url(),
        /** Accepted audiences. */
        audiences: z.array(z.string()).max(LIMITS.policyRules).optional(),
        /** Forward the token to the backend. */
        forwardOriginalToken: z.boolean().optional(),
      }),
    )
    .min(1)
    .describe("Accepted issuers."),
  /** Refuse requests without a valid token (adds a DENY AuthorizationPolicy). */
  required: z
    .boolean()
    .default(true)
    .describe("Refuse requests without a valid token (adds a DENY AuthorizationPolicy)."),
});

export const AuthorizationRuleSchema = z.strictObject({
  /** Sources; absent means any source. */
  from: z
    .strictObject({
      /** SPIFFE principals, e.g. `cluster.local/ns/checkout/sa/checkout`. */
      principals: z.array(z.string()).max(LIMITS.policyRules).optional(),
      /** JWT principals `iss/sub`. */
      requestPrincipals: z.array(z.string()).max(LIMITS.policyRules).optional(),
      /** Source namespaces. */
      namespaces: z.array(z.string()).max(LIMITS.policyRules).optional(),
      /** Source IP ranges. */
      ipBlocks: z.array(z.string()).max(LIMITS.policyRules).optional(),
      /** Source IP ranges excluded (a DENY with these keeps an allow-list). */
      notIpBlocks: z.array(z.string()).max(LIMITS.policyRules).optional(),
    })
    .optional()
    .describe("Sources; absent means any source."),
  /** Operations; absent means any operation. */
  to: z
    .strictObject({
      /** Hosts. */
      hosts: z.array(z.string()).max(LIMITS.policyRules).optional(),
      /** HTTP methods. */
      methods: z.array(z.string()).max(LIMITS.policyRules).optional(),
      /** Paths (Istio syntax, `*` prefix/suffix wildcards). */
      paths: z.array(z.string()).max(LIMITS.policyRules).optional(),
    })
    .optional()
    .describe("Operations; absent means any operation."),
});

export const AuthorizationSchema = z.strictObject({
  /** Policy name. */
  name: dnsLabel.describe("Policy name."),
  /** Owning product. */
  product: dnsLabel.describe("Owning product."),
  /** Gateway (`namespace/name`) the policy applies to, or a service. */
  target: z.union([
    z.strictObject({ /** Gateway `namespace/name`. */ gateway: z.string().min(1) }),
    z
      .strictObject({ /** Service the policy protects. */ service: serviceRef })
      .describe("Gateway (`namespace/name`) the policy applies to, or a service."),
  ]),
  /** Policy action. */
  action: z.enum(["ALLOW", "DENY"]).describe("Policy action."),
  /** Rules; any matching rule triggers the action. */
  rules: z
    .array(AuthorizationRuleSchema)
    .max(LIMITS.policyRules)
    .default([])
    .describe("Rules; any matching rule triggers the action."),
});

export const PoliciesSchema = z.strictObject({
  /** Circuit breaking per service (DestinationRule connection pool and outlier detection). */
  circuitBreakers: z
    .array(CircuitBreakerSchema)
    .max(LIMITS.policies)
    .default([])
    .describe("Circuit breaking per service (DestinationRule connection pool and outlier detection)."),
  /** JWT authentication at a gateway (RequestAuthentication). */
  authentication: z
    .array(JwtAuthenticationSchema)
    .max(LIMITS.policies)
    .default([])
    .describe("JWT authentication at a gateway (RequestAuthentication)."),
  /** Authorization rules (AuthorizationPolicy). */
  authorization: z
    .array(AuthorizationSchema)
    .max(LIMITS.policies)
    .default([])
    .describe("Authorization rules (AuthorizationPolicy)."),
});

export const FailoverSchema = z.strictObject({
  /** Product whose services and gateway fail over between clusters. */
  product: dnsLabel.describe("Product whose services and gateway fail over between clusters."),
  /** Region pairs: traffic originating in `from` fails over to `to`. */
  failover: z
    .array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) }))
    .min(1)
    .max(LIMITS.policyRules)
    .describe("Region pairs: traffic originating in `from` fails over to `to`."),
  /**
   * Outlier detection for the failover DestinationRules. Without it locality failover never
   * triggers; leaving it out is reported (PTC010), not defaulted, so the intent is explicit.
   */
  outlierDetection: OutlierDetectionSchema.optional().describe(
    "Outlier detection for the failover DestinationRules. Without it locality failover never triggers; leaving it out is reported (PTC010), not defaulted, so the intent is explicit.",
  ),
});

export const SuccessorSchema = z.strictObject({
  /** Service being split or renamed. */
  service: serviceRef.describe("Service being split or renamed."),
  /** Services that take over its API. */
  successors: z.array(serviceRef).min(1).max(LIMITS.small).describe("Services that take over its API."),
});

export const ClientSchema = z.strictObject({
  /** Client workload name, e.g. `checkout`. */
  name: dnsLabel.describe("Client workload name, e.g. `checkout`."),
  /** Client namespace. */
  namespace: dnsLabel.describe("Client namespace."),
  /** Clusters where the client runs. */
  clusters: z.array(dnsLabel).min(1).max(LIMITS.placements).describe("Clusters where the client runs."),
  /** Hosts the client calls, e.g. `payments.payments.svc.cluster.local`. */
  calls: z
    .array(host)
    .min(1)
    .max(LIMITS.hosts)
    .describe("Hosts the client calls, e.g. `payments.payments.svc.cluster.local`."),
});

export const TOPOLOGY_API_VERSION = "portico.dev/v1alpha1";

export const TopologySchema = z.strictObject({
  /** Document format version. */
  apiVersion: z.literal(TOPOLOGY_API_VERSION).describe("Document format version."),
  /** Always `Topology`. */
  kind: z.literal("Topology").describe("Always `Topology`."),
  metadata: z.strictObject({
    /** Name of the estate, e.g. `my-company`. */
    name: dnsLabel.describe("Name of the estate, e.g. `my-company`."),
    /** Revision number stamped on rendered objects. */
    revision: z.number().int().min(0).optional().describe("Revision number stamped on rendered objects."),
    /** Free text, e.g. the journey step. */
    description: z.string().optional().describe("Free text, e.g. the journey step."),
  }),
  /** Company domain, e.g. `my-company.io`. */
  domain: z.string().optional().describe("Company domain, e.g. `my-company.io`."),
  /** Clusters in the estate. */
  clusters: z.array(ClusterSchema).min(1).max(LIMITS.clusters).describe("Clusters in the estate."),
  /** Products and their teams. */
  products: z.array(ProductSchema).max(LIMITS.products).default([]).describe("Products and their teams."),
  /** Shared and product gateways. */
  gateways: z.array(GatewaySchema).max(LIMITS.gateways).default([]).describe("Shared and product gateways."),
  /** HTTP routes (one VirtualService each). */
  routes: z
    .array(RouteSchema)
    .max(LIMITS.routes)
    .default([])
    .describe("HTTP routes (one VirtualService each)."),
  /** Backend services per cluster. */
  services: z.array(ServiceSchema).max(LIMITS.services).default([]).describe("Backend services per cluster."),
  /** Circuit breaking, authentication and authorization. */
  policies: PoliciesSchema.default({ circuitBreakers: [], authentication: [], authorization: [] }).describe(
    "Circuit breaking, authentication and authorization.",
  ),
  /** Locality failover for high availability. */
  failover: z
    .array(FailoverSchema)
    .max(LIMITS.policies)
    .default([])
    .describe("Locality failover for high availability."),
  /** Declared successors of split services (used by the contract check). */
  successors: z
    .array(SuccessorSchema)
    .default([])
    .describe("Declared successors of split services (used by the contract check)."),
  /** Internal clients and what they call. */
  clients: z
    .array(ClientSchema)
    .max(LIMITS.clients)
    .default([])
    .describe("Internal clients and what they call."),
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
export type Redirect = NonNullable<HttpRule["redirect"]>;
export type Rewrite = NonNullable<HttpRule["rewrite"]>;
export type Cors = NonNullable<HttpRule["cors"]>;
export type ServiceSpec = Topology["services"][number];
export type ProbeSettings = z.output<typeof ProbeSettingsSchema>;
export type ProductDns = z.output<typeof ProductDnsSchema>;
export type DnsHost = ProductDns["hosts"][number];
export type DnsRecord = DnsHost["records"][number];
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
      return issue.origin === "array"
        ? `keep at most ${String(issue.maximum)} item(s) here; see the limits in docs/topology.md`
        : `use a value of at most ${String(issue.maximum)}`;
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
