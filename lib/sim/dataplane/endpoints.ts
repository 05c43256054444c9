import { type KObject } from "../json";
import { type ClusterConfig, type Destination } from "./types";
import { selectorMatches } from "./workloads";

/** One cluster of the simulated mesh as endpoint discovery sees it. */
export interface MeshCluster {
  name: string;
  zone: string;
  region: string;
  /** Only clusters with Istio join the mesh. */
  istio: boolean;
  config(): ClusterConfig;
}

/** What endpoint discovery needs from the simulator: every cluster, and a resolver for hostnames. */
export interface MeshView {
  clusters(): MeshCluster[];
  /** An address for a hostname a ServiceEntry endpoint names (another cluster's gateway, DNS). */
  resolveHost(hostname: string, fromCluster: string): string | undefined;
}

export type Endpoint =
  | {
      kind: "pod";
      cluster: string;
      zone: string;
      region: string;
      namespace: string;
      service: string;
      pod: string;
      labels: Record<string, string>;
      /** The Deployment that owns the pod (its annotations can make the echo misbehave). */
      owner?: KObject;
    }
  | {
      kind: "address";
      address: string;
      port: number;
      /** "region/zone" from the ServiceEntry endpoint. */
      locality?: string;
      cluster?: string;
      labels: Record<string, string>;
    };

export type Resolution =
  | {
      kind: "ok";
      endpoint: Endpoint;
      /** The destination port as the Service (or ServiceEntry) declares it. */
      port: number;
      /** Port protocol: from the port name prefix (http, https, grpc, tls...) or ServiceEntry protocol. */
      protocol: string;
      /** "outbound|8080|subset|host", Envoy's cluster name, for access logs and metrics. */
      upstreamCluster: string;
      destinationService: { name: string; namespace: string; host: string };
    }
  | { kind: "fail"; status: number; flag: "NC" | "UH"; reason: string };

const SVC_SUFFIX = ".svc.cluster.local";

/** "payments.payments.svc.cluster.local" → {name, namespace}. */
export function parseServiceHost(host: string): { name: string; namespace: string } | undefined {
  if (!host.endsWith(SVC_SUFFIX)) return undefined;
  const parts = host.slice(0, -SVC_SUFFIX.length).split(".");
  if (parts.length !== 2) return undefined;
  return { name: parts[0]!, namespace: parts[1]! };
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

function qualify(host: string, namespace: string): string {
  if (host.includes("*") || host.includes(".")) return host;
  return `${host}.${namespace}${SVC_SUFFIX}`;
}

/**
 * The DestinationRule that applies to host for a proxy in proxyNamespace, in Istio's lookup order:
 * the proxy's namespace, the service's namespace, then the root namespace (istio-system).
 */
export function destinationRuleFor(
  config: ClusterConfig,
  host: string,
  proxyNamespace: string,
): KObject | undefined {
  const svcNs = parseServiceHost(host)?.namespace;
  const matching = config.destinationRules.filter((dr) =>
    hostMatches(qualify(String(dr.spec?.host ?? ""), dr.metadata.namespace), host),
  );
  const exported = (dr: KObject, ns: string) => {
    const to: string[] = dr.spec?.exportTo ?? ["*"];
    return to.includes("*") || to.includes(ns) || (to.includes(".") && dr.metadata.namespace === ns);
  };
  for (const ns of [proxyNamespace, svcNs, "istio-system"]) {
    if (!ns) continue;
    const exact = matching.filter((dr) => dr.metadata.namespace === ns && exported(dr, proxyNamespace));
    if (exact.length > 0) return exact.sort(byAge)[0];
  }
  return matching.filter((dr) => exported(dr, proxyNamespace)).sort(byAge)[0];
}

function byAge(a: KObject, b: KObject): number {
  const t = String(a.metadata.creationTimestamp ?? "").localeCompare(
    String(b.metadata.creationTimestamp ?? ""),
  );
  return t !== 0
    ? t
    : `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      );
}

function podReady(p: KObject): boolean {
  return (
    p.status?.phase === "Running" &&
    ((p.status?.conditions ?? []) as KObject[]).some((c) => c.type === "Ready" && c.status === "True")
  );
}

function protocolOfPortName(name: string | undefined, appProtocol?: string): string {
  if (appProtocol) return appProtocol.toLowerCase();
  const prefix = (name ?? "").split("-")[0]!.toLowerCase();
  return ["http", "http2", "https", "grpc", "grpc-web", "tls", "tcp", "mongo", "redis", "mysql"].includes(
    prefix,
  )
    ? prefix
    : "http";
}

interface ConfigIndex {
  services: Map<string, KObject>;
  podsByNamespace: Map<string, KObject[]>;
  deploymentsByUid: Map<string, KObject>;
}

// Lookups per request would scan every pod of every cluster; the index lives as long as the
// config snapshot it was built from.
const indexes = new WeakMap<ClusterConfig, ConfigIndex>();

function indexOf(config: ClusterConfig): ConfigIndex {
  let ix = indexes.get(config);
  if (ix) return ix;
  ix = { services: new Map(), podsByNamespace: new Map(), deploymentsByUid: new Map() };
  for (const s of config.services) ix.services.set(`${s.metadata.namespace}/${s.metadata.name}`, s);
  for (const p of config.pods) {
    const ns = p.metadata.namespace as string;
    let list = ix.podsByNamespace.get(ns);
    if (!list) ix.podsByNamespace.set(ns, (list = []));
    list.push(p);
  }
  for (const d of config.deployments) ix.deploymentsByUid.set(d.metadata.uid as string, d);
  indexes.set(config, ix);
  return ix;
}

/**
 * Endpoint discovery and load balancing: turns a routed destination into one endpoint, across every
 * cluster of the mesh (services of the same name and namespace are one service, as in a
 * multi-primary Istio mesh), honouring DestinationRule subsets and locality load balancing.
 */
export class EndpointPicker {
  private rr = new Map<string, number>();

  constructor(private readonly mesh: MeshView) {}

  resolve(
    from: { cluster: string; zone: string; region: string; proxyNamespace: string },
    dest: Destination,
  ): Resolution {
    const home = this.mesh.clusters().find((c) => c.name === from.cluster);
    if (!home) return { kind: "fail", status: 503, flag: "NC", reason: `unknown cluster ${from.cluster}` };
    const config = home.config();
    const svc = parseServiceHost(dest.host);
    const dr = destinationRuleFor(config, dest.host, from.proxyNamespace);
    let subsetLabels: Record<string, string> | undefined;
    if (dest.subset) {
      const subset = ((dr?.spec?.subsets ?? []) as KObject[]).find((s) => s.name === dest.subset);
      if (!subset)
        return {
          kind: "fail",
          status: 503,
          flag: "NC",
          reason: `no DestinationRule defines subset "${dest.subset}" of ${dest.host}`,
        };
      subsetLabels = (subset.labels ?? {}) as Record<string, string>;
    }
    const cluster = (port: number) => `outbound|${port}|${dest.subset ?? ""}|${dest.host}`;

    if (svc) {
      const services = this.mesh
        .clusters()
        .filter((c) => c.istio || c.name === from.cluster)
        .map((c) => ({
          c,
          s: c
            .config()
            .services.find((s) => s.metadata.namespace === svc.namespace && s.metadata.name === svc.name),
        }))
        .filter((x): x is { c: MeshCluster; s: KObject } => x.s !== undefined);
      if (services.length === 0)
        return { kind: "fail", status: 503, flag: "NC", reason: `no Service ${svc.namespace}/${svc.name}` };
      const ports = (services[0]!.s.spec?.ports ?? []) as KObject[];
      const port =
        dest.port !== undefined
          ? ports.find((p) => p.port === dest.port)
          : ports.length === 1
            ? ports[0]
            : undefined;
      if (!port)
        return {
          kind: "fail",
          status: 503,
          flag: "NC",
          reason:
            dest.port !== undefined
              ? `Service ${svc.namespace}/${svc.name} has no port ${dest.port}`
              : `Service ${svc.namespace}/${svc.name} has several ports and the route names none`,
        };
      const endpoints: Endpoint[] = [];
      for (const { c, s } of services) {
        const ix = indexOf(c.config());
        for (const p of ix.podsByNamespace.get(svc.namespace) ?? []) {
          if (!podReady(p)) continue;
          const labels = (p.metadata.labels ?? {}) as Record<string, string>;
          if (!selectorMatches(s.spec?.selector, labels)) continue;
          if (subsetLabels && !Object.entries(subsetLabels).every(([k, v]) => labels[k] === v)) continue;
          endpoints.push({
            kind: "pod",
            cluster: c.name,
            zone: c.zone,
            region: c.region,
            namespace: svc.namespace,
            service: svc.name,
            pod: p.metadata.name,
            labels,
            owner: ix.deploymentsByUid.get(p.metadata.ownerReferences?.[0]?.uid),
          });
        }
      }
      const chosen = this.choose(from, dr, endpoints, cluster(port.port as number));
      if (!chosen)
        return { kind: "fail", status: 503, flag: "UH", reason: `no healthy upstream for ${dest.host}` };
      return {
        kind: "ok",
        endpoint: chosen,
        port: port.port as number,
        protocol: protocolOfPortName(port.name, port.appProtocol),
        upstreamCluster: cluster(port.port as number),
        destinationService: { ...svc, host: dest.host },
      };
    }

    // A ServiceEntry host: its endpoints are addresses (or hostnames resolved to addresses).
    const entries = config.serviceEntries.filter((se) =>
      ((se.spec?.hosts ?? []) as string[]).some((h) => hostMatches(h, dest.host)),
    );
    if (entries.length === 0)
      return { kind: "fail", status: 503, flag: "NC", reason: `no Service or ServiceEntry for ${dest.host}` };
    const se = entries.sort(byAge)[0]!;
    const sePorts = (se.spec?.ports ?? []) as KObject[];
    const sePort =
      dest.port !== undefined
        ? sePorts.find((p) => p.number === dest.port)
        : sePorts.length === 1
          ? sePorts[0]
          : undefined;
    if (!sePort)
      return {
        kind: "fail",
        status: 503,
        flag: "NC",
        reason: `ServiceEntry ${se.metadata.name} has no port ${dest.port}`,
      };
    const endpoints: Endpoint[] = [];
    for (const e of (se.spec?.endpoints ?? []) as KObject[]) {
      const labels = (e.labels ?? {}) as Record<string, string>;
      if (subsetLabels && !Object.entries(subsetLabels).every(([k, v]) => labels[k] === v)) continue;
      const address = this.mesh.resolveHost(String(e.address ?? ""), from.cluster);
      if (!address) continue;
      const targetPort =
        (e.ports?.[sePort.name] as number | undefined) ??
        (sePort.targetPort as number | undefined) ??
        sePort.number;
      endpoints.push({
        kind: "address",
        address,
        port: targetPort,
        ...(e.locality ? { locality: String(e.locality) } : {}),
        ...(labels["topology.istio.io/cluster"] ? { cluster: labels["topology.istio.io/cluster"] } : {}),
        labels,
      });
    }
    const chosen = this.choose(from, dr, endpoints, cluster(sePort.number as number));
    if (!chosen)
      return { kind: "fail", status: 503, flag: "UH", reason: `no healthy upstream for ${dest.host}` };
    return {
      kind: "ok",
      endpoint: chosen,
      port: sePort.number as number,
      protocol: String(sePort.protocol ?? "HTTP").toLowerCase(),
      upstreamCluster: cluster(sePort.number as number),
      destinationService: { name: dest.host, namespace: se.metadata.namespace, host: dest.host },
    };
  }

  /**
   * Locality-prioritised round robin. As in Istio, locality load balancing (and so failover) is
   * active only when the DestinationRule sets outlier detection; without it every endpoint of every
   * locality shares the traffic.
   */
  private choose(
    from: { cluster: string; zone: string; region: string; proxyNamespace: string },
    dr: KObject | undefined,
    endpoints: Endpoint[],
    upstreamCluster: string,
  ): Endpoint | undefined {
    if (endpoints.length === 0) return undefined;
    const policy = dr?.spec?.trafficPolicy;
    const locality = policy?.loadBalancer?.localityLbSetting;
    let pool = endpoints;
    if (policy?.outlierDetection && locality?.enabled !== false) {
      const failover = ((locality?.failover ?? []) as KObject[])
        .filter((f) => f.from === from.region)
        .map((f) => f.to);
      const priority = (e: Endpoint) => {
        const [region, zone] =
          e.kind === "pod" ? [e.region, e.zone] : (e.locality ?? "").split("/").concat(["", ""]);
        if (region === from.region && zone === from.zone) return 0;
        if (region === from.region) return 1;
        if (failover.length === 0 || failover.includes(region)) return 2;
        return 3;
      };
      const best = Math.min(...endpoints.map(priority));
      pool = endpoints.filter((e) => priority(e) === best);
    }
    // Each proxy balances on its own, as each Envoy does.
    const key = `${from.cluster}/${from.proxyNamespace}|${upstreamCluster}`;
    const n = this.rr.get(key) ?? 0;
    this.rr.set(key, n + 1);
    return pool[n % pool.length];
  }
}
