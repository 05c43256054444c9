import type { K8sObject, OutlierDetection, ServiceSpec } from "@/lib/topology";
import { serviceHost, serviceKey } from "@/lib/topology";
import { k8sName, meta, type RenderContext } from "./context";

export function renderOutlierDetection(od: OutlierDetection): Record<string, unknown> {
  return {
    consecutive5xxErrors: od.consecutive5xxErrors,
    interval: od.interval,
    baseEjectionTime: od.baseEjectionTime,
    maxEjectionPercent: od.maxEjectionPercent,
  };
}

/** Locality failover settings of a product, rendered into every DestinationRule of the product. */
export function localityTrafficPolicy(
  ctx: RenderContext,
  product: string,
): { loadBalancer: Record<string, unknown>; outlierDetection?: Record<string, unknown> } | undefined {
  const f = ctx.index.failover.get(product);
  if (!f) return undefined;
  const out: { loadBalancer: Record<string, unknown>; outlierDetection?: Record<string, unknown> } = {
    loadBalancer: {
      simple: "ROUND_ROBIN",
      localityLbSetting: { enabled: true, failover: f.failover.map((x) => ({ from: x.from, to: x.to })) },
    },
  };
  if (f.outlierDetection) out.outlierDetection = renderOutlierDetection(f.outlierDetection);
  return out;
}

type Backend = NonNullable<ServiceSpec["backend"]>;

/** Backend protocol, connect timeout and sticky sessions as DestinationRule traffic policy. */
function applyBackend(trafficPolicy: Record<string, unknown>, b: Backend): void {
  const pool = (trafficPolicy.connectionPool ??= {}) as Record<string, Record<string, unknown>>;
  if (b.connectTimeout) pool.tcp = { ...pool.tcp, connectTimeout: b.connectTimeout };
  if (b.protocol === "GRPC" || b.protocol === "GRPCS")
    pool.http = { ...pool.http, h2UpgradePolicy: "UPGRADE" };
  if (Object.keys(pool).length === 0) delete trafficPolicy.connectionPool;
  if (b.protocol === "HTTPS" || b.protocol === "GRPCS")
    trafficPolicy.tls = b.caCertificates
      ? { mode: "SIMPLE", caCertificates: b.caCertificates }
      : { mode: "SIMPLE" };
  if (b.sessionCookie) {
    const httpCookie: Record<string, unknown> = { name: b.sessionCookie.name, ttl: b.sessionCookie.ttl };
    if (b.sessionCookie.path) httpCookie.path = b.sessionCookie.path;
    trafficPolicy.loadBalancer = { consistentHash: { httpCookie } };
  }
}

/**
 * One DestinationRule per backend service, merging what several features need: Istio applies only
 * one DestinationRule per host, so subsets, circuit breaking and failover must share it.
 */
export function renderDestinationRule(ctx: RenderContext, svc: ServiceSpec): K8sObject | undefined {
  const key = serviceKey(svc.namespace, svc.name);
  const cb = ctx.index.circuitBreakers.get(key);
  const locality = localityTrafficPolicy(ctx, svc.product);
  const backend = svc.backend;
  if (!cb && !locality && svc.subsets.length === 0 && !backend) return undefined;
  const trafficPolicy: Record<string, unknown> = {};
  if (cb) {
    const tcp: Record<string, unknown> = {};
    const http: Record<string, unknown> = {};
    const p = cb.connectionPool;
    if (p.maxConnections !== undefined) tcp.maxConnections = p.maxConnections;
    if (p.http1MaxPendingRequests !== undefined) http.http1MaxPendingRequests = p.http1MaxPendingRequests;
    if (p.http2MaxRequests !== undefined) http.http2MaxRequests = p.http2MaxRequests;
    if (p.maxRequestsPerConnection !== undefined) http.maxRequestsPerConnection = p.maxRequestsPerConnection;
    const pool: Record<string, unknown> = {};
    if (Object.keys(tcp).length) pool.tcp = tcp;
    if (Object.keys(http).length) pool.http = http;
    if (Object.keys(pool).length) trafficPolicy.connectionPool = pool;
    if (cb.outlierDetection) trafficPolicy.outlierDetection = renderOutlierDetection(cb.outlierDetection);
  }
  if (backend) applyBackend(trafficPolicy, backend);
  if (locality) {
    const { simple: _simple, ...rest } = locality.loadBalancer;
    // Note: consistent hashing (sticky sessions) replaces the simple policy; locality still applies.
    trafficPolicy.loadBalancer = trafficPolicy.loadBalancer
      ? { ...(trafficPolicy.loadBalancer as Record<string, unknown>), ...rest }
      : locality.loadBalancer;
    if (!trafficPolicy.outlierDetection && locality.outlierDetection) {
      trafficPolicy.outlierDetection = locality.outlierDetection;
    }
  }
  const spec: Record<string, unknown> = { host: serviceHost(svc.name, svc.namespace) };
  if (Object.keys(trafficPolicy).length) spec.trafficPolicy = trafficPolicy;
  if (svc.subsets.length) spec.subsets = svc.subsets.map((s) => ({ name: s.name, labels: { ...s.labels } }));
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: meta(ctx, {
      name: k8sName(svc.name),
      namespace: svc.namespace,
      product: svc.product,
      source: `service/${svc.namespace}/${svc.name}`,
    }),
    spec,
  };
}
