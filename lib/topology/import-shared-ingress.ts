import type { K8sObject } from "./k8s-object";
import {
  parseTopology,
  TOPOLOGY_API_VERSION,
  type ParseError,
  type Topology,
  type TopologyInput,
} from "./schema";

/** Who owns what on the shared ingress: one entry per imported host and path. */
export interface OwnershipEntry {
  host: string;
  /** Path match as written, e.g. `prefix /v1/payments`; absent for a catch-all. */
  path?: string;
  product: string;
  /** Object it was read from, `Kind namespace/name`. */
  source: string;
}

export interface ImportResult {
  /** The imported topology; undefined when what was read does not form a valid document. */
  topology?: Topology;
  errors: ParseError[];
  ownership: OwnershipEntry[];
  /** What was read but not imported, and why. */
  notes: string[];
}

export interface ImportOptions {
  /** Cluster the objects were read from. */
  cluster: { name: string; region: string; zone: string; network?: string };
  /** Company domain; a host `payments.<domain>` is owned by product `payments`. */
  domain?: string;
  /** Topology name. */
  name?: string;
}

// Note: live objects of many kinds are read field by field here, each access checked at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isIstio(o: K8sObject, kind: string): boolean {
  return o.kind === kind && o.apiVersion.startsWith("networking.istio.io/");
}

/** Product owning a host: its first label under the company domain, else the route namespace. */
function productFor(host: string, namespace: string, domain: string | undefined): string {
  if (domain && host.endsWith(`.${domain}`)) {
    const label =
      host
        .slice(0, -domain.length - 1)
        .split(".")
        .pop() ?? "";
    if (DNS_LABEL.test(label)) return label;
  }
  return namespace;
}

/** `svc`, `svc.ns`, `svc.ns.svc.cluster.local` → service and namespace. */
function parseDestinationHost(host: string, namespace: string): { service: string; namespace: string } {
  const parts = host.split(".");
  if (parts.length === 1) return { service: parts[0]!, namespace };
  return { service: parts[0]!, namespace: parts[1]! };
}

function stringMatch(m: Obj | undefined): Obj | undefined {
  if (!m) return undefined;
  if (typeof m.exact === "string") return { exact: m.exact };
  if (typeof m.prefix === "string") return { prefix: m.prefix };
  if (typeof m.regex === "string") return { regex: m.regex };
  return undefined;
}

function describe(m: Obj | undefined): string | undefined {
  if (!m) return undefined;
  const [op, value] = Object.entries(m)[0] ?? [];
  return op ? `${op} ${String(value)}` : undefined;
}

/**
 * Reads the shared ingress of one cluster (Istio Gateways, the VirtualServices bound to them, and
 * Kubernetes Ingress objects) into a topology with an ownership map by product. Everything that
 * cannot be represented is listed in `notes` rather than dropped silently.
 */
export function importSharedIngress(objects: readonly K8sObject[], opts: ImportOptions): ImportResult {
  const notes: string[] = [];
  const ownership: OwnershipEntry[] = [];
  const cluster = opts.cluster.name;
  const input = {
    apiVersion: TOPOLOGY_API_VERSION,
    kind: "Topology",
    metadata: { name: opts.name ?? "imported", description: `Imported from cluster ${cluster}` },
    ...(opts.domain ? { domain: opts.domain } : {}),
    clusters: [{ ...opts.cluster }],
    products: [] as Obj[],
    gateways: [] as Obj[],
    routes: [] as Obj[],
    services: [] as Obj[],
  };
  const products = new Map<string, { namespaces: Set<string>; hosts: Set<string> }>();
  const services = new Map<string, Obj>();
  const claim = (product: string, namespace: string, host?: string) => {
    const p = products.get(product) ?? { namespaces: new Set<string>(), hosts: new Set<string>() };
    p.namespaces.add(namespace);
    if (host) p.hosts.add(host);
    products.set(product, p);
  };
  const addService = (service: string, namespace: string, product: string, port?: number) => {
    const key = `${namespace}/${service}`;
    const s = services.get(key) ?? {
      name: service,
      namespace,
      product,
      ports: [] as Obj[],
      clusters: [cluster],
    };
    if (port !== undefined && !s.ports.some((p: Obj) => p.port === port)) s.ports.push({ port });
    services.set(key, s);
    claim(product, namespace);
  };

  const gatewayRefs = new Set<string>();
  for (const g of objects.filter((o) => isIstio(o, "Gateway"))) {
    const spec = (g as Obj).spec ?? {};
    const ns = g.metadata.namespace ?? "default";
    const listeners = ((spec.servers ?? []) as Obj[]).map((s, i) => {
      const l: Obj = {
        name: s.port?.name && DNS_LABEL.test(s.port.name) ? s.port.name : `port-${s.port?.number ?? i}`,
        port: s.port?.number,
        protocol: s.port?.protocol,
        hosts: s.hosts ?? [],
      };
      if (s.tls)
        l.tls = {
          mode: s.tls.mode ?? "SIMPLE",
          ...(s.tls.credentialName ? { credentialName: s.tls.credentialName } : {}),
        };
      return l;
    });
    input.gateways.push({
      name: g.metadata.name,
      namespace: ns,
      mode: "shared",
      selector: spec.selector ?? {},
      placement: [{ cluster }],
      listeners,
    });
    gatewayRefs.add(`${ns}/${g.metadata.name}`);
  }

  for (const vs of objects.filter((o) => isIstio(o, "VirtualService"))) {
    const spec = (vs as Obj).spec ?? {};
    const ns = vs.metadata.namespace ?? "default";
    const source = `VirtualService ${ns}/${vs.metadata.name}`;
    const gateways = ((spec.gateways ?? []) as string[]).map((g) =>
      g === "mesh" || g.includes("/") ? g : `${ns}/${g}`,
    );
    if (!gateways.some((g) => gatewayRefs.has(g))) continue;
    if (spec.tcp || spec.tls) notes.push(`${source}: TCP/TLS routes are not imported`);
    const hosts = (spec.hosts ?? []) as string[];
    hosts.forEach((host, hi) => {
      const product = productFor(host, ns, opts.domain);
      claim(product, ns, host);
      const http = ((spec.http ?? []) as Obj[]).flatMap((rule) => {
        const destinations = ((rule.route ?? []) as Obj[]).map((r) => {
          const { service, namespace } = parseDestinationHost(r.destination?.host ?? "", ns);
          addService(service, namespace, product, r.destination?.port?.number);
          const d: Obj = { service, namespace };
          if (r.destination?.port?.number) d.port = r.destination.port.number;
          if (r.destination?.subset) d.subset = r.destination.subset;
          if (r.weight !== undefined && ((rule.route as Obj[]).length > 1 || r.weight !== 100))
            d.weight = r.weight;
          return d;
        });
        if (destinations.length === 0) {
          notes.push(
            `${source}: rule ${rule.name ?? ""} has no route destination (redirect/direct response); not imported`,
          );
          return [];
        }
        const match = ((rule.match ?? []) as Obj[]).map((m) => {
          const out: Obj = {};
          const path = stringMatch(m.uri);
          if (path) out.path = path;
          if (m.method?.exact) out.method = m.method.exact;
          if (m.headers)
            out.headers = Object.fromEntries(
              Object.entries(m.headers as Obj).map(([k, v]) => [k.toLowerCase(), stringMatch(v as Obj)]),
            );
          return out;
        });
        for (const m of rule.match?.length ? (rule.match as Obj[]) : [{}]) {
          ownership.push({ host, ...(describe(m.uri) ? { path: describe(m.uri) } : {}), product, source });
        }
        const out: Obj = { match, destinations };
        if (rule.name) out.name = rule.name;
        if (rule.rewrite?.uri) out.rewrite = { uri: rule.rewrite.uri };
        if (rule.timeout) out.timeout = rule.timeout;
        if (rule.retries?.attempts !== undefined)
          out.retries = {
            attempts: rule.retries.attempts,
            ...(rule.retries.perTryTimeout ? { perTryTimeout: rule.retries.perTryTimeout } : {}),
            ...(rule.retries.retryOn ? { retryOn: rule.retries.retryOn } : {}),
          };
        return [out];
      });
      if (http.length === 0) return;
      input.routes.push({
        name: hosts.length > 1 ? `${vs.metadata.name}-${hi}` : vs.metadata.name,
        product,
        namespace: ns,
        host,
        gateways,
        http,
      });
    });
  }

  for (const ing of objects.filter(
    (o) => o.kind === "Ingress" && o.apiVersion.startsWith("networking.k8s.io/"),
  )) {
    const spec = (ing as Obj).spec ?? {};
    const ns = ing.metadata.namespace ?? "default";
    const source = `Ingress ${ns}/${ing.metadata.name}`;
    const cls: string =
      spec.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"] ?? "default";
    // Ingress objects served by Istio land on the shared Istio gateway; others get a shared
    // gateway standing for their controller, so ownership is still mapped.
    const istio = cls === "istio" && gatewayRefs.has("istio-system/istio-ingressgateway");
    const gwRef = istio ? "istio-system/istio-ingressgateway" : `ingress-${cls}/${cls}`;
    for (const rule of (spec.rules ?? []) as Obj[]) {
      if (!rule.host) {
        notes.push(`${source}: rule without host not imported`);
        continue;
      }
      const product = productFor(rule.host, ns, opts.domain);
      claim(product, ns, rule.host);
      const http = ((rule.http?.paths ?? []) as Obj[]).map((p) => {
        const svc = p.backend?.service;
        addService(svc?.name, ns, product, svc?.port?.number);
        const path = p.pathType === "Exact" ? { exact: p.path ?? "/" } : { prefix: p.path ?? "/" };
        ownership.push({ host: rule.host, path: describe(path), product, source });
        return {
          match: [{ path }],
          destinations: [
            { service: svc?.name, namespace: ns, ...(svc?.port?.number ? { port: svc.port.number } : {}) },
          ],
        };
      });
      input.routes.push({
        name: `${ing.metadata.name}-${input.routes.length}`,
        product,
        namespace: ns,
        host: rule.host,
        gateways: [gwRef],
        http,
      });
      if (!istio && !input.gateways.some((g) => `${g.namespace}/${g.name}` === gwRef)) {
        input.gateways.push({
          name: cls,
          namespace: `ingress-${cls}`,
          mode: "shared",
          selector: { "app.kubernetes.io/name": cls },
          placement: [{ cluster }],
          listeners: [{ name: "http", port: 80, protocol: "HTTP", hosts: ["*"] }],
        });
        notes.push(`${source}: ingress class ${cls} is not Istio; modelled as shared gateway ${gwRef}`);
      }
    }
  }

  for (const [name, p] of [...products].sort(([a], [b]) => (a < b ? -1 : 1))) {
    input.products.push({
      name,
      teams: [name],
      namespaces: [...p.namespaces].sort(),
      hosts: [...p.hosts].sort(),
    });
  }
  for (const s of services.values()) if (s.ports.length === 0) s.ports.push({ port: 80 });
  input.services.push(
    ...[...services.values()].sort((a, b) =>
      `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1,
    ),
  );
  const r = parseTopology(input as TopologyInput);
  return r.ok
    ? { topology: r.topology, errors: [], ownership, notes }
    : { errors: r.errors, ownership, notes };
}
