// Has a product's traffic left the shared gateway? Read from Istio's standard metrics in
// Prometheus: what the shared gateway still routes to the product's destinations, who sends it,
// what the product gateway answers and how often with 5xx, and whether the product's declared
// internal clients call through its gateway or the Service directly. One PromQL query per
// Prometheus answers every product asked for; each figure carries a standalone PromQL that gives
// the same number, to paste into Prometheus.
import type { RenderFormat } from "@/lib/istio/render-cluster";
import { type GatewaySpec, type Topology } from "@/lib/topology/schema";
import { gatewaySelector, type GatewayWorkload } from "./gateway-error-rate";
import { gatewayRef as ref, gatewayWorkloads } from "./gateway-workloads";
import { productDestinationServices } from "./product-destinations";
import {
  promAnyOf,
  promString,
  PrometheusError,
  queryInstant,
  type InstantSample,
} from "./prometheus-client";

/** A 5xx share above this marks a gateway's error rate as too high. */
export const DEFAULT_MAX_ERROR_RATE = 0.01;
/** `increase` of a counter that did not move is exactly 0; below half a request is no request. */
const NO_TRAFFIC = 0.5;

export type DrainVerdict = "drained" | "still-serving" | "unknown";

export interface GatewayFigures {
  /** `namespace/name` of each gateway counted. */
  gateways: string[];
  requests: number;
  requestsPerSecond: number;
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  errorRateAboveThreshold: boolean;
  /** Standalone PromQL of `requests` (5xx: add `response_code=~"5.."`). */
  query: string;
}

export interface TrafficSource {
  /** `internal`: a mesh workload (its sidecar's metrics); `external`: the rest, unattributed. */
  kind: "internal" | "external";
  namespace?: string;
  workload?: string;
  requestsPerSecond: number;
  query: string;
}

export type ClientRouteStatus =
  "through-product-gateway" | "through-shared-gateway" | "direct-to-service" | "mixed" | "no-traffic";

export interface InternalClientFigures {
  namespace: string;
  name: string;
  /** The hosts the topology says it calls (of this product). */
  calls: string[];
  viaProductGatewayPerSecond: number;
  viaSharedGatewayPerSecond: number;
  directPerSecond: number;
  status: ClientRouteStatus;
  query: string;
}

export interface DirectCaller {
  namespace: string;
  workload: string;
  destinationService: string;
  requestsPerSecond: number;
  query: string;
}

export interface DrainStatus {
  product: string;
  windowSeconds: number;
  verdict: DrainVerdict;
  /** One sentence a person can act on. */
  reason: string;
  /** The shared gateway(s) serving the product's hosts, counting only its destinations. */
  sharedGateway: (GatewayFigures & { sources: TrafficSource[] }) | null;
  productGateway: GatewayFigures | null;
  internalClients: InternalClientFigures[];
  /** Mesh workloads calling the product's Services directly (not through any gateway). */
  directCallers: DirectCaller[];
  /** The batched PromQL that produced every figure. */
  queries: string[];
}

export interface DrainOptions {
  /** Prometheus base URL(s). Several (one per cluster) are summed: each must scrape its own cluster only. */
  prometheusUrls: string[];
  windowSeconds: number;
  timeoutMs?: number;
  maxErrorRate?: number;
  /**
   * The format the topology is applied in (default `istio`, what the sync worker applies): it
   * decides the gateways' workload names, so which series are theirs.
   */
  format?: RenderFormat;
  signal?: AbortSignal;
}

/** Gateway `namespace/name` → its workload, as `gatewayWorkloads` gives. */
type Workloads = Map<string, GatewayWorkload>;

/** `namespace/workload` of a gateway: the key of its series (`source_workload_namespace/source_workload`). */
function workloadKey(workloads: Workloads, g: GatewaySpec): string {
  const w = workloads.get(ref(g));
  return `${g.namespace}/${w?.workload ?? g.name}`;
}
const workloadOf = (workloads: Workloads, g: GatewaySpec): GatewayWorkload =>
  workloads.get(ref(g)) ?? { namespace: g.namespace, workload: g.name };

function hostCovers(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

interface ProductPlan {
  product: string;
  destinations: string[];
  hosts: string[];
  shared: GatewaySpec[];
  own: GatewaySpec[];
  clients: { namespace: string; name: string; calls: string[] }[];
}

function planProduct(topology: Topology, product: string): ProductPlan {
  const p = topology.products.find((x) => x.name === product);
  const hosts = p?.hosts ?? [];
  const allShared = topology.gateways.filter((g) => g.mode === "shared");
  const serving = allShared.filter((g) =>
    g.listeners.some((l) => l.hosts.some((pattern) => hosts.some((h) => hostCovers(pattern, h)))),
  );
  const destinations = productDestinationServices(topology, product);
  const ours = new Set([...destinations, ...hosts]);
  return {
    product,
    destinations,
    hosts,
    // A product whose hosts no listener names any more may still be routed by a shared gateway
    // someone left in place: then every shared gateway is watched.
    shared: serving.length > 0 ? serving : allShared,
    own: topology.gateways.filter((g) => g.mode === "product" && g.product === product),
    clients: topology.clients
      .map((c) => ({ namespace: c.namespace, name: c.name, calls: c.calls.filter((h) => ours.has(h)) }))
      .filter((c) => c.calls.length > 0),
  };
}

/**
 * The one query for every product: requests by reporting gateway, destination and 5xx (part
 * "gw"), mesh calls to the products' destinations or to any gateway (part "mesh"), TCP
 * connections through the mesh (part "tcp": TLS to a gateway passes through) and which gateways
 * Prometheus holds series of at all (part "seen").
 */
export function drainQuery(
  gateways: GatewayWorkload[],
  destinations: string[],
  windowSeconds: number,
): string {
  const w = `[${Math.round(windowSeconds)}s]`;
  const gwNames = promAnyOf(gateways.map((g) => g.workload));
  const gwNamespaces = promAnyOf(gateways.map((g) => g.namespace));
  const gwSel = `reporter="source",source_workload=~${gwNames},source_workload_namespace=~${gwNamespaces}`;
  const dest = promAnyOf(destinations);
  const part = (expr: string, name: string) => `label_replace(${expr}, "part", "${name}", "", "")`;
  const byGw = "source_workload,source_workload_namespace,destination_service";
  const byMesh =
    "source_workload,source_workload_namespace,destination_service,destination_workload,destination_workload_namespace";
  return [
    part(`sum by (${byGw}) (increase(istio_requests_total{${gwSel}}${w}))`, "gw"),
    part(`sum by (${byGw}) (increase(istio_requests_total{${gwSel},response_code=~"5.."}${w}))`, "gw5xx"),
    part(
      `sum by (${byMesh}) (increase(istio_requests_total{reporter="source",destination_service=~${dest}}${w}))`,
      "mesh",
    ),
    part(
      `sum by (${byMesh}) (increase(istio_requests_total{reporter="source",destination_workload=~${gwNames}}${w}))`,
      "meshgw",
    ),
    part(
      `sum by (${byMesh}) (increase(istio_tcp_connections_opened_total{reporter="source",destination_service=~${dest}}${w}))`,
      "tcp",
    ),
    part(`count by (source_workload,source_workload_namespace) (istio_requests_total{${gwSel}})`, "seen"),
  ].join(" or ");
}

function sumFigures(
  samples: InstantSample[],
  windowSeconds: number,
  gateways: GatewaySpec[],
  workloads: Workloads,
  destinations: string[] | undefined,
  maxErrorRate: number,
): GatewayFigures {
  const keys = new Set(gateways.map((g) => workloadKey(workloads, g)));
  const dest = destinations ? new Set(destinations) : undefined;
  let requests = 0;
  let errors = 0;
  for (const s of samples) {
    const part = s.metric.part;
    if (part !== "gw" && part !== "gw5xx") continue;
    if (!keys.has(`${s.metric.source_workload_namespace}/${s.metric.source_workload}`)) continue;
    if (dest && !dest.has(s.metric.destination_service ?? "")) continue;
    if (part === "gw") requests += s.value;
    else errors += s.value;
  }
  const errorRate = requests >= NO_TRAFFIC ? errors / requests : null;
  const sel =
    gateways.length === 1
      ? gatewaySelector(workloadOf(workloads, gateways[0]!), destinations)
      : `reporter="source",source_workload=~${promAnyOf(gateways.map((g) => workloadOf(workloads, g).workload))},source_workload_namespace=~${promAnyOf(gateways.map((g) => g.namespace))}` +
        (destinations ? `,destination_service=~${promAnyOf(destinations)}` : "");
  return {
    gateways: gateways.map(ref),
    requests,
    requestsPerSecond: requests / windowSeconds,
    errors,
    errorRate,
    errorRateAboveThreshold: errorRate !== null && errorRate > maxErrorRate,
    query: `sum(increase(istio_requests_total{${sel}}[${Math.round(windowSeconds)}s]))`,
  };
}

/** Classifies the product's traffic for several products from one answer of `drainQuery`. */
export function drainFromSamples(
  topology: Topology,
  products: string[],
  samples: InstantSample[],
  windowSeconds: number,
  queries: string[],
  maxErrorRate = DEFAULT_MAX_ERROR_RATE,
  workloads: Workloads = gatewayWorkloads(topology),
): DrainStatus[] {
  const allGateways = new Set(topology.gateways.map((g) => workloadKey(workloads, g)));
  const seen = new Set(
    samples
      .filter((s) => s.metric.part === "seen")
      .map((s) => `${s.metric.source_workload_namespace}/${s.metric.source_workload}`),
  );
  const w = Math.round(windowSeconds);
  const meshSamples = samples.filter(
    (s) =>
      (s.metric.part === "mesh" || s.metric.part === "meshgw" || s.metric.part === "tcp") &&
      !allGateways.has(`${s.metric.source_workload_namespace}/${s.metric.source_workload}`),
  );
  return products.map((product) => {
    const plan = planProduct(topology, product);
    const sharedKeys = new Set(plan.shared.map((g) => workloadKey(workloads, g)));
    const ownKeys = new Set(plan.own.map((g) => workloadKey(workloads, g)));
    const hostSet = new Set(plan.hosts);
    const serviceSet = new Set(plan.destinations.filter((d) => d.endsWith(".svc.cluster.local")));
    const ownHosts = new Set(plan.own.flatMap((g) => g.listeners.flatMap((l) => l.hosts)));
    type Route = "product-gateway" | "shared-gateway" | "service" | undefined;
    const routeOf = (m: Record<string, string>): Route => {
      const target = `${m.destination_workload_namespace}/${m.destination_workload}`;
      if (ownKeys.has(target)) return "product-gateway";
      if (sharedKeys.has(target)) return "shared-gateway";
      const d = m.destination_service ?? "";
      // A public host called from the mesh: Portico renders a ServiceEntry to the product gateway
      // for declared calls; without a product gateway it can only be the shared one.
      if (hostSet.has(d))
        return [...ownHosts].some((h) => hostCovers(h, d)) ? "product-gateway" : "shared-gateway";
      if (serviceSet.has(d)) return "service";
      return undefined;
    };
    // "mesh" and "meshgw" can both hold a series (a call to a gateway's own Service); count it once.
    const counted = new Set<string>();
    const mesh: { m: Record<string, string>; route: Route; value: number }[] = [];
    for (const s of meshSamples) {
      const route = routeOf(s.metric);
      if (!route) continue;
      const key = JSON.stringify([
        s.metric.part === "tcp",
        ...Object.entries(s.metric).filter(([k]) => k !== "part"),
      ]);
      if (counted.has(key)) continue;
      counted.add(key);
      mesh.push({ m: s.metric, route, value: s.value });
    }
    const sourceQuery = (ns: string, wl: string, extra: string) =>
      `sum(increase(istio_requests_total{reporter="source",source_workload=${promString(wl)},source_workload_namespace=${promString(ns)},${extra}}[${w}s]))`;

    const shared =
      plan.shared.length > 0
        ? sumFigures(samples, windowSeconds, plan.shared, workloads, plan.destinations, maxErrorRate)
        : null;
    const own =
      plan.own.length > 0
        ? sumFigures(samples, windowSeconds, plan.own, workloads, undefined, maxErrorRate)
        : null;

    let sources: TrafficSource[] = [];
    if (shared) {
      const internal = new Map<string, TrafficSource>();
      for (const x of mesh) {
        if (x.route !== "shared-gateway") continue;
        const k = `${x.m.source_workload_namespace}/${x.m.source_workload}`;
        const cur = internal.get(k) ?? {
          kind: "internal" as const,
          namespace: x.m.source_workload_namespace ?? "",
          workload: x.m.source_workload ?? "",
          requestsPerSecond: 0,
          query: sourceQuery(
            x.m.source_workload_namespace ?? "",
            x.m.source_workload ?? "",
            `destination_workload=~${promAnyOf(plan.shared.map((g) => workloadOf(workloads, g).workload))}`,
          ),
        };
        cur.requestsPerSecond += x.value / windowSeconds;
        internal.set(k, cur);
      }
      sources = [...internal.values()].sort((a, b) => b.requestsPerSecond - a.requestsPerSecond);
      const external = shared.requestsPerSecond - sources.reduce((n, s) => n + s.requestsPerSecond, 0);
      if (external * windowSeconds >= NO_TRAFFIC)
        sources.push({
          kind: "external",
          requestsPerSecond: external,
          query: `(${shared.query}) / ${w}`,
        });
    }

    const internalClients: InternalClientFigures[] = plan.clients.map((c) => {
      const mine = mesh.filter(
        (x) => x.m.source_workload === c.name && x.m.source_workload_namespace === c.namespace,
      );
      const rate = (r: Route) =>
        mine.filter((x) => x.route === r).reduce((n, x) => n + x.value, 0) / windowSeconds;
      const via = rate("product-gateway");
      const sharedRate = rate("shared-gateway");
      const direct = rate("service");
      const used = [via, sharedRate, direct].filter((v) => v * windowSeconds >= NO_TRAFFIC).length;
      const status: ClientRouteStatus =
        used === 0
          ? "no-traffic"
          : used > 1
            ? "mixed"
            : via > 0 && via * windowSeconds >= NO_TRAFFIC
              ? "through-product-gateway"
              : sharedRate * windowSeconds >= NO_TRAFFIC
                ? "through-shared-gateway"
                : "direct-to-service";
      return {
        namespace: c.namespace,
        name: c.name,
        calls: c.calls,
        viaProductGatewayPerSecond: via,
        viaSharedGatewayPerSecond: sharedRate,
        directPerSecond: direct,
        status,
        query: sourceQuery(c.namespace, c.name, `destination_service=~${promAnyOf(plan.destinations)}`),
      };
    });

    const directCallers: DirectCaller[] = [];
    for (const x of mesh) {
      if (x.route !== "service" || x.value < NO_TRAFFIC) continue;
      const ns = x.m.source_workload_namespace ?? "";
      const wl = x.m.source_workload ?? "";
      const d = x.m.destination_service ?? "";
      const cur = directCallers.find(
        (c) => c.namespace === ns && c.workload === wl && c.destinationService === d,
      );
      if (cur) cur.requestsPerSecond += x.value / windowSeconds;
      else
        directCallers.push({
          namespace: ns,
          workload: wl,
          destinationService: d,
          requestsPerSecond: x.value / windowSeconds,
          query: sourceQuery(ns, wl, `destination_service=${promString(d)}`),
        });
    }

    const base = {
      product,
      windowSeconds,
      sharedGateway: shared ? { ...shared, sources } : null,
      productGateway: own,
      internalClients,
      directCallers,
      queries,
    };
    if (!topology.products.some((p) => p.name === product))
      return { ...base, verdict: "unknown" as const, reason: `The topology has no product "${product}".` };
    if (!shared)
      return {
        ...base,
        verdict: "unknown" as const,
        reason: "The topology names no shared gateway, so there is nothing to drain from.",
      };
    const unseen = plan.shared.filter((g) => !seen.has(workloadKey(workloads, g)));
    if (unseen.length === plan.shared.length)
      return {
        ...base,
        verdict: "unknown" as const,
        reason: `Prometheus holds no istio_requests_total reported by ${unseen.map((g) => workloadKey(workloads, g)).join(", ")}: is the gateway scraped (port 15020, /stats/prometheus)?`,
      };
    if (shared.requests >= NO_TRAFFIC) {
      const who = sources
        .map(
          (s) =>
            `${s.kind === "internal" ? `${s.namespace}/${s.workload}` : "external clients"} ${s.requestsPerSecond.toFixed(2)} req/s`,
        )
        .join(", ");
      return {
        ...base,
        verdict: "still-serving" as const,
        reason: `${shared.gateways.join(", ")} still routed ${shared.requestsPerSecond.toFixed(2)} req/s to ${product} over the last ${w} s (${who}).`,
      };
    }
    return {
      ...base,
      verdict: "drained" as const,
      reason: `${shared.gateways.join(", ")} routed no request to ${product} over the last ${w} s.`,
    };
  });
}

/**
 * Drain status of `products` (default: every product of the topology). Without a Prometheus URL,
 * or when Prometheus cannot answer, every verdict is "unknown" with the reason.
 */
export async function readDrainStatus(
  topology: Topology,
  opts: DrainOptions,
  products: string[] = topology.products.map((p) => p.name),
): Promise<DrainStatus[]> {
  const unknown = (reason: string, queries: string[] = []): DrainStatus[] =>
    products.map((product) => ({
      product,
      windowSeconds: opts.windowSeconds,
      verdict: "unknown",
      reason,
      sharedGateway: null,
      productGateway: null,
      internalClients: [],
      directCallers: [],
      queries,
    }));
  if (opts.prometheusUrls.length === 0)
    return unknown("No Prometheus is configured: set PORTICO_PROMETHEUS_URL to read traffic.");
  const plans = products.map((p) => planProduct(topology, p));
  const workloads = gatewayWorkloads(topology, opts.format);
  const gateways = new Map<string, GatewayWorkload>();
  for (const pl of plans)
    for (const g of [...pl.shared, ...pl.own]) gateways.set(ref(g), workloadOf(workloads, g));
  const destinations = [...new Set(plans.flatMap((p) => p.destinations))];
  if (gateways.size === 0 || destinations.length === 0)
    return drainFromSamples(topology, products, [], opts.windowSeconds, [], opts.maxErrorRate, workloads);
  const query = drainQuery([...gateways.values()], destinations, opts.windowSeconds);
  let samples: InstantSample[];
  try {
    const answers = await Promise.all(
      [...new Set(opts.prometheusUrls)].map((url) =>
        queryInstant(
          { url, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
          query,
          opts.signal ? { signal: opts.signal } : {},
        ),
      ),
    );
    samples = answers.flat();
  } catch (e) {
    if (e instanceof PrometheusError) return unknown(e.message, [query]);
    throw e;
  }
  return drainFromSamples(
    topology,
    products,
    samples,
    opts.windowSeconds,
    [query],
    opts.maxErrorRate,
    workloads,
  );
}
