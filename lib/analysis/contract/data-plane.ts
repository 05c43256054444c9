import type { K8sObject, Route, StringMatch, Topology, TopologyIndex } from "@/lib/topology";
import type { RenderFormat } from "@/lib/istio/render-cluster";
import { planHttpRoute } from "@/lib/gateway-api/route-refusals";
import { gatewayApiEntries, istioEntries } from "@/lib/gateway-api/rule-order";
import {
  MESH,
  destinationNamespace,
  gatewayRefString,
  indexTopology,
  isManagedByPortico,
  parseGatewayRef,
  routeClusters,
  routeNamespace,
  serviceKey,
} from "@/lib/topology";

/**
 * What routing reads in each cluster, from a topology document or from the objects a cluster
 * holds, and how the states before and after a change are composed from documents and live objects.
 */

/** Protocols whose servers carry HTTP routes; TLS and TCP servers never answer an HTTP call. */
const HTTP_PROTOCOLS = new Set(["HTTP", "HTTPS", "HTTP2", "GRPC"]);

export interface GatewayPlane {
  ref: string;
  /** Rendered by Portico (pruned when the document drops it); otherwise the cluster's own. */
  managed: boolean;
  /** HTTP servers: port and hosts (possibly `ns/host` or wildcards). */
  listeners: Array<{ port: number; hosts: string[] }>;
}

export interface DestPlane {
  /** `ns/name` of a Service, or the host as written when it names none. */
  service: string;
  port?: number;
  weight?: number;
}

export interface RulePlane {
  name?: string;
  /** Matches in Istio's shape; none matches every request. */
  match: Array<{ path?: StringMatch; method?: string; headers?: Record<string, StringMatch> }>;
  dests: DestPlane[];
  /**
   * Everything besides the destinations that shapes the answer (path and host rewrites, redirect,
   * request headers, CORS, body limit), in one canonical string: two rules answer alike only when
   * these are equal too.
   */
  rewrite?: string;
}

/** The answer-shaping parts of a document rule; a bare uri rewrite stays the plain path. */
function answerOf(r: Topology["routes"][number]["http"][number]): { rewrite?: string } {
  const parts = {
    ...(r.rewrite?.uriRegex || r.rewrite?.authority ? { rewrite: r.rewrite } : {}),
    ...(r.redirect ? { redirect: r.redirect } : {}),
    ...(r.setRequestHeaders ? { setRequestHeaders: r.setRequestHeaders } : {}),
    ...(r.cors ? { cors: r.cors } : {}),
    ...(r.maxRequestBodyBytes !== undefined ? { maxRequestBodyBytes: r.maxRequestBodyBytes } : {}),
  };
  if (Object.keys(parts).length === 0) return r.rewrite?.uri ? { rewrite: r.rewrite.uri } : {};
  return { rewrite: JSON.stringify({ ...(r.rewrite?.uri ? { uri: r.rewrite.uri } : {}), ...parts }) };
}

export interface RoutePlane {
  /** `ns/name` of the VirtualService. */
  id: string;
  managed: boolean;
  namespace: string;
  hosts: string[];
  /** Gateway refs (`ns/name`) and `mesh`. */
  gateways: string[];
  rules: RulePlane[];
  /** Why the route cannot be reasoned about (fields Portico does not model). */
  opaque?: string;
}

export interface ClusterPlane {
  gateways: Map<string, GatewayPlane>;
  routes: RoutePlane[];
  /**
   * Public hosts a product gateway's ServiceEntry publishes in the mesh → the gateway and the
   * cluster whose instance answers (the local one, else the first remote one with an address).
   */
  published: Map<string, { gateway: string; cluster: string }>;
}

export interface Plane {
  clusters: Map<string, ClusterPlane>;
  /** Service `ns/name` → ports it exposes, wherever it runs. */
  services: Map<string, number[]>;
}

/** Objects each cluster holds, by cluster name (imported or read live). */
export type LiveObjects = Readonly<Record<string, readonly K8sObject[]>>;

function emptyCluster(): ClusterPlane {
  return { gateways: new Map(), routes: [], published: new Map() };
}

function clusterOf(plane: Plane, name: string): ClusterPlane {
  let c = plane.clusters.get(name);
  if (!c) plane.clusters.set(name, (c = emptyCluster()));
  return c;
}

function emptyPlane(): Plane {
  return { clusters: new Map(), services: new Map() };
}

function escapeRe2(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A rendered path match as Gateway API reads it: `PathPrefix` matches whole path segments. */
function gatewayApiPath(m: StringMatch): StringMatch {
  const p = m.prefix;
  if (p === undefined || p === "/" || p === "") return m;
  const bare = p.endsWith("/") ? p.slice(0, -1) : p;
  return { regex: `${escapeRe2(bare)}(/.*)?` };
}

/**
 * The rules of a route's HTTPRoute, one per match in the order Gateway API's precedence evaluates
 * them (so first match over this list is Gateway API's choice); undefined when the renderer
 * refuses the route (it is then not rendered on its product gateways at all).
 */
function gatewayApiRules(route: Route, index: TopologyIndex, rules: RulePlane[]): RulePlane[] | undefined {
  const plan = planHttpRoute(route, index);
  if (plan.refusals.length || plan.order.kind !== "same") return undefined;
  return gatewayApiEntries(istioEntries(route), plan.order.order).map((e) => {
    const m = ruleMatchesOf(route.http[e.rule]!)[e.match]!;
    const rule = rules[e.rule]!;
    return { ...rule, match: [{ ...m, ...(m.path ? { path: gatewayApiPath(m.path) } : {}) }] };
  });
}

function ruleMatchesOf(rule: Route["http"][number]): RulePlane["match"] {
  return rule.match.length ? rule.match : [{}];
}

export interface PlaneOptions {
  /** `gateway-api`: routes on product gateways as their HTTPRoutes route (precedence, PathPrefix). */
  format?: RenderFormat;
}

/** What the document makes the clusters hold (shared gateways as the document models them). */
export function planeOfTopology(t: Topology, opts: PlaneOptions = {}): Plane {
  const index = indexTopology(t);
  const plane = emptyPlane();
  for (const c of t.clusters) clusterOf(plane, c.name);
  for (const g of t.gateways) {
    const ref = gatewayRefString(g);
    const listeners = g.listeners
      .filter((l) => HTTP_PROTOCOLS.has(l.protocol))
      .map((l) => ({ port: l.port, hosts: [...l.hosts] }));
    for (const p of g.placement) {
      clusterOf(plane, p.cluster).gateways.set(ref, { ref, managed: g.mode === "product", listeners });
    }
  }
  for (const route of t.routes) {
    const ns = routeNamespace(route, index);
    const rules: RulePlane[] = route.http.map((r) => ({
      ...(r.name ? { name: r.name } : {}),
      match: r.match,
      dests: r.destinations.map((d) => ({
        service: serviceKey(destinationNamespace(d, route, index), d.service),
        ...(d.port !== undefined ? { port: d.port } : {}),
        ...(d.weight !== undefined ? { weight: d.weight } : {}),
      })),
      ...answerOf(r),
    }));
    const httpRouteRules = opts.format === "gateway-api" ? gatewayApiRules(route, index, rules) : undefined;
    for (const cluster of routeClusters(route, index)) {
      const gateways: string[] = [];
      const parents: string[] = [];
      for (const ref of route.gateways) {
        const parsed = parseGatewayRef(ref, ns);
        if (parsed === MESH) {
          gateways.push(MESH);
          continue;
        }
        const gw = index.gateways.get(gatewayRefString(parsed));
        if (!gw?.placement.some((p) => p.cluster === cluster)) continue;
        // In gateway-api format product gateways get the HTTPRoute; the rest stays a VirtualService.
        if (opts.format === "gateway-api" && gw.mode === "product") parents.push(gatewayRefString(parsed));
        else gateways.push(gatewayRefString(parsed));
      }
      const id = `${ns}/${route.name}`;
      const base = { id, managed: true, namespace: ns, hosts: [route.host] };
      // As rendered: a VirtualService with no gateway in the cluster is not rendered at all.
      if (gateways.length) clusterOf(plane, cluster).routes.push({ ...base, gateways, rules });
      if (parents.length && httpRouteRules)
        clusterOf(plane, cluster).routes.push({ ...base, gateways: parents, rules: httpRouteRules });
    }
  }
  for (const s of t.services) {
    plane.services.set(
      serviceKey(s.namespace, s.name),
      s.ports.map((p) => p.port),
    );
  }
  // Product gateways publish their hosts in the mesh where they run and where a client calls them.
  const calledIn = new Map<string, Set<string>>();
  for (const c of t.clients) {
    for (const k of c.clusters) {
      const set = calledIn.get(k) ?? new Set<string>();
      for (const h of c.calls) set.add(h);
      calledIn.set(k, set);
    }
  }
  for (const g of t.gateways) {
    if (g.mode !== "product") continue;
    const ref = gatewayRefString(g);
    const remote = [...g.placement].sort((a, b) => (a.cluster < b.cluster ? -1 : 1)).find((p) => p.address);
    for (const [name, c] of plane.clusters) {
      const local = g.placement.some((p) => p.cluster === name);
      const cluster = local ? name : remote?.cluster;
      if (!cluster) continue;
      for (const l of g.listeners)
        for (const h of l.hosts)
          if (!h.includes("*") && (local || calledIn.get(name)?.has(h)) && !c.published.has(h))
            c.published.set(h, { gateway: ref, cluster });
    }
  }
  return plane;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function stringMatchOf(v: unknown): StringMatch | string {
  if (!isObj(v)) return "a match that is not an object";
  const keys = Object.keys(v);
  if (keys.length !== 1) return `a string match with ${keys.join(", ") || "no kind"}`;
  const k = keys[0]!;
  const value = v[k];
  if (typeof value !== "string" || (k !== "exact" && k !== "prefix" && k !== "regex"))
    return `a string match of kind ${k}`;
  return { [k]: value } as StringMatch;
}

/** `name.ns.svc.cluster.local`, `name.ns` or `name` (in the VirtualService's namespace). */
function serviceOfHost(host: string, ns: string): string {
  const parts = host.split(".");
  if (parts.length === 1) return serviceKey(ns, host);
  if (parts.length === 2 || (parts.length === 5 && host.endsWith(".svc.cluster.local")))
    return serviceKey(parts[1]!, parts[0]!);
  return host;
}

const MATCH_FIELDS = new Set(["uri", "method", "headers", "name"]);
const HTTP_FIELDS = new Set([
  "name",
  "match",
  "route",
  "rewrite",
  "timeout",
  "retries",
  "headers",
  "corsPolicy",
]);

function routeOfObject(o: K8sObject): RoutePlane {
  const ns = o.metadata.namespace ?? "default";
  const spec = isObj(o.spec) ? o.spec : {};
  const route: RoutePlane = {
    id: `${ns}/${o.metadata.name}`,
    managed: isManagedByPortico(o),
    namespace: ns,
    hosts: arr(spec.hosts).filter((h): h is string => typeof h === "string"),
    gateways: (spec.gateways === undefined ? [MESH] : arr(spec.gateways))
      .filter((g): g is string => typeof g === "string")
      .map((g) => {
        const p = parseGatewayRef(g, ns);
        return p === MESH ? MESH : gatewayRefString(p);
      }),
    rules: [],
  };
  const opaque = (why: string) => {
    route.opaque ??= `VirtualService ${route.id}: ${why}`;
  };
  for (const h of arr(spec.http)) {
    if (!isObj(h)) continue;
    for (const k of Object.keys(h)) if (!HTTP_FIELDS.has(k)) opaque(`http field "${k}" is not modelled`);
    const rule: RulePlane = { match: [], dests: [] };
    if (typeof h.name === "string") rule.name = h.name;
    for (const m of arr(h.match)) {
      if (!isObj(m)) continue;
      for (const k of Object.keys(m)) if (!MATCH_FIELDS.has(k)) opaque(`match field "${k}" is not modelled`);
      const match: RulePlane["match"][number] = {};
      if (m.uri !== undefined) {
        const s = stringMatchOf(m.uri);
        if (typeof s === "string") opaque(`uri: ${s}`);
        else match.path = s;
      }
      if (m.method !== undefined) {
        const s = stringMatchOf(m.method);
        if (typeof s === "string" || s.exact === undefined) opaque("method matches other than exact");
        else match.method = s.exact;
      }
      if (isObj(m.headers)) {
        match.headers = {};
        for (const [name, v] of Object.entries(m.headers)) {
          const s = stringMatchOf(v);
          if (typeof s === "string") opaque(`header ${name}: ${s}`);
          else match.headers[name.toLowerCase()] = s;
        }
      }
      rule.match.push(match);
    }
    for (const r of arr(h.route)) {
      if (!isObj(r) || !isObj(r.destination) || typeof r.destination.host !== "string") continue;
      const port = isObj(r.destination.port) ? r.destination.port.number : undefined;
      rule.dests.push({
        service: serviceOfHost(r.destination.host, ns),
        ...(typeof port === "number" ? { port } : {}),
        ...(typeof r.weight === "number" ? { weight: r.weight } : {}),
      });
    }
    if (isObj(h.rewrite)) {
      if (Object.keys(h.rewrite).some((k) => k !== "uri")) opaque("rewrites other than uri are not modelled");
      if (typeof h.rewrite.uri === "string") rule.rewrite = h.rewrite.uri;
    }
    // Header operations and CORS change answers; the live form is not mapped back, so such a
    // route cannot be proved rather than being assumed equal.
    if (h.headers !== undefined) opaque("header operations are not modelled");
    if (h.corsPolicy !== undefined) opaque("corsPolicy is not modelled");
    route.rules.push(rule);
  }
  return route;
}

function gatewayOfObject(o: K8sObject): GatewayPlane {
  const spec = isObj(o.spec) ? o.spec : {};
  const listeners: GatewayPlane["listeners"] = [];
  for (const s of arr(spec.servers)) {
    if (!isObj(s) || !isObj(s.port)) continue;
    const { number, protocol } = s.port;
    if (typeof number !== "number" || typeof protocol !== "string") continue;
    if (!HTTP_PROTOCOLS.has(protocol.toUpperCase())) continue;
    listeners.push({ port: number, hosts: arr(s.hosts).filter((h): h is string => typeof h === "string") });
  }
  return {
    ref: `${o.metadata.namespace ?? "default"}/${o.metadata.name}`,
    managed: isManagedByPortico(o),
    listeners,
  };
}

/** What the clusters hold: Istio Gateways and VirtualServices, core Services. */
export function planeOfObjects(live: LiveObjects): Plane {
  const plane = emptyPlane();
  for (const [cluster, objects] of Object.entries(live)) {
    const c = clusterOf(plane, cluster);
    for (const o of objects) {
      const istio = o.apiVersion.startsWith("networking.istio.io/");
      if (istio && o.kind === "Gateway") {
        const g = gatewayOfObject(o);
        c.gateways.set(g.ref, g);
      } else if (istio && o.kind === "VirtualService") c.routes.push(routeOfObject(o));
      else if (o.apiVersion === "v1" && o.kind === "Service") {
        const spec = isObj(o.spec) ? o.spec : {};
        const ports = arr(spec.ports)
          .map((p) => (isObj(p) ? p.port : undefined))
          .filter((p): p is number => typeof p === "number");
        const key = serviceKey(o.metadata.namespace ?? "default", o.metadata.name);
        plane.services.set(
          key,
          [...new Set([...(plane.services.get(key) ?? []), ...ports])].sort((a, b) => a - b),
        );
      }
    }
  }
  return plane;
}

function mergeRoutes(base: RoutePlane[], over: RoutePlane[]): RoutePlane[] {
  const replaced = new Set(over.map((r) => r.id));
  return [...base.filter((r) => !replaced.has(r.id)), ...over];
}

/**
 * Before: what the document says and what the clusters hold, together (a live object replaces the
 * document's version of the same object; both are answers clients may have seen).
 */
export function beforePlane(doc: Plane, live: Plane | undefined): Plane {
  if (!live) return doc;
  const out = emptyPlane();
  for (const name of new Set([...doc.clusters.keys(), ...live.clusters.keys()])) {
    const d = doc.clusters.get(name) ?? emptyCluster();
    const l = live.clusters.get(name) ?? emptyCluster();
    out.clusters.set(name, {
      gateways: new Map([...d.gateways, ...l.gateways]),
      routes: mergeRoutes(d.routes, l.routes),
      published: new Map([...l.published, ...d.published]),
    });
  }
  out.services = new Map([...doc.services, ...live.services]);
  return out;
}

/**
 * After: Portico applies what the after-document renders and prunes the rest of what it manages.
 * What it does not manage (shared gateways, backend Services, foreign VirtualServices) stays as the
 * cluster holds it; where the cluster's state is unknown, as the after-document declares it, and
 * when the after-document no longer models it, as it was before: dropping a shared gateway from the
 * document does not remove it from the cluster.
 */
export function afterPlane(docBefore: Plane, docAfter: Plane, live: Plane | undefined): Plane {
  const out = emptyPlane();
  const names = new Set([
    ...docBefore.clusters.keys(),
    ...docAfter.clusters.keys(),
    ...(live?.clusters.keys() ?? []),
  ]);
  for (const name of names) {
    const b = docBefore.clusters.get(name) ?? emptyCluster();
    const a = docAfter.clusters.get(name) ?? emptyCluster();
    const l = live?.clusters.get(name);
    const gateways = new Map<string, GatewayPlane>();
    for (const [ref, g] of a.gateways) if (g.managed) gateways.set(ref, g);
    const unmanaged = new Set<string>();
    for (const p of [b, a, l ?? emptyCluster()])
      for (const [ref, g] of p.gateways) if (!g.managed && !gateways.has(ref)) unmanaged.add(ref);
    for (const ref of unmanaged) {
      const g = l
        ? (l.gateways.get(ref) ?? a.gateways.get(ref))
        : (a.gateways.get(ref) ?? b.gateways.get(ref));
      if (g && !g.managed) gateways.set(ref, g);
    }
    const foreign = (l?.routes ?? []).filter((r) => !r.managed);
    out.clusters.set(name, {
      gateways,
      routes: mergeRoutes(foreign, a.routes),
      published: new Map(a.published),
    });
  }
  // Backend Services are the teams' own: live when known, else declared, else as before.
  const keys = new Set([
    ...docBefore.services.keys(),
    ...docAfter.services.keys(),
    ...(live?.services.keys() ?? []),
  ]);
  for (const k of keys) {
    const ports = live?.services.get(k) ?? docAfter.services.get(k) ?? docBefore.services.get(k);
    if (ports) out.services.set(k, ports);
  }
  return out;
}
