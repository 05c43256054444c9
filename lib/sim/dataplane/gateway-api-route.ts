// Routing for Kubernetes Gateway API (gateway.networking.k8s.io/v1) Gateways owned by Istio: which
// ports a gateway listens on, how it terminates TLS, and where each HTTP request goes. Rule choice
// follows Gateway API's precedence across all attached routes, not Istio's first-match order:
// https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule (HTTPRouteRule.matches).
import { type KObject } from "../json";
import {
  findIstioGateway,
  findService,
  gatewayServiceRef,
  hostnameMatches,
  hostnameSpecificity,
  isRefProblem,
  nsName,
  olderFirst,
  resolveBackendRef,
  resolveCertificateRef,
  routeParents,
} from "./gateway-api-attachment";
import { re2FullMatch } from "./regex";
import {
  type ClusterConfig,
  type HeaderOps,
  type InboundRequest,
  type Pick,
  type PortPlan,
  type RouteDecision,
  type TlsDecision,
} from "./types";

function listenersOnPort(gw: KObject, port: number): KObject[] {
  return ((gw.spec?.listeners ?? []) as KObject[]).filter((l) => l.port === port);
}

/**
 * What a Gateway's proxy binds for one of its Service ports. Listener ports are Service ports;
 * the proxy listens on the Service's targetPort behind them.
 */
export function gatewayApiPortPlan(config: ClusterConfig, gatewayNsName: string, port: number): PortPlan {
  const gw = findIstioGateway(config, gatewayNsName);
  if (!gw) return { port, targetPort: port, protocol: "NONE" };
  const ref = gatewayServiceRef(gw);
  const svcPort = (findService(config, ref.namespace, ref.name)?.spec?.ports ?? []).find(
    (p: KObject) => p.port === port,
  );
  const targetPort = typeof svcPort?.targetPort === "number" ? svcPort.targetPort : port;
  const first = listenersOnPort(gw, port)[0];
  const protocol =
    first?.protocol === "HTTP"
      ? "HTTP"
      : first?.protocol === "HTTPS" || first?.protocol === "TLS"
        ? "TLS"
        : "NONE";
  return { port, targetPort, protocol };
}

/** The listener whose hostname best fits a name (exact over wildcard over none); undefined when none. */
function bestListener(listeners: KObject[], host: string | undefined): KObject | undefined {
  let best: KObject | undefined;
  let bestScore = -1;
  for (const l of listeners) {
    const hostname: string = l.hostname || "*";
    if (host === undefined ? hostname !== "*" : !hostnameMatches(hostname, host)) continue;
    const score = hostnameSpecificity(hostname);
    if (score > bestScore) {
      best = l;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The TLS handling for a connection to a Gateway port, chosen by SNI among its HTTPS listeners.
 * Note: TLS listeners with mode Passthrough (TLSRoute) are refused: the simulator does not carry
 * TLSRoute, so such a handshake fails here where Istio would forward the bytes.
 */
export function gatewayApiTls(
  config: ClusterConfig,
  gatewayNsName: string,
  port: number,
  sni: string | undefined,
): TlsDecision {
  const gw = findIstioGateway(config, gatewayNsName);
  if (!gw) return { kind: "refuse", reason: `gateway ${gatewayNsName} not found` };
  const tlsListeners = listenersOnPort(gw, port).filter(
    (l) => l.protocol === "HTTPS" || l.protocol === "TLS",
  );
  const listener = bestListener(tlsListeners, sni);
  if (!listener)
    return { kind: "refuse", reason: `no TLS listener on port ${port} for SNI ${sni ?? "(none)"}` };
  if (listener.protocol === "TLS" || listener.tls?.mode === "Passthrough") {
    return {
      kind: "refuse",
      reason: `listener ${listener.name}: TLS passthrough (TLSRoute) is not simulated`,
    };
  }
  const cert = resolveCertificateRef(config, gw, listener);
  if (isRefProblem(cert)) return { kind: "refuse", reason: `listener ${listener.name}: ${cert.message}` };
  return { kind: "terminate", secretNamespace: cert.namespace, secretName: cert.name };
}

interface Candidate {
  route: KObject;
  rule: KObject;
  ruleIndex: number;
  match: KObject;
  matchIndex: number;
}

const PATH_RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

function pathOf(match: KObject): { type: string; value: string } {
  return { type: match.path?.type ?? "PathPrefix", value: match.path?.value ?? "/" };
}

/** PathPrefix matches whole path elements: "/foo" matches "/foo" and "/foo/bar", not "/foobar". */
function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`) || p === "";
}

function stringMatches(m: KObject, value: string | null | undefined): boolean {
  if (value === undefined || value === null) return false;
  return (m.type ?? "Exact") === "RegularExpression" ? re2FullMatch(m.value, value) : value === m.value;
}

/** Only the first entry for a name counts (names compared as the spec says for each kind). */
function firstByName(entries: KObject[], fold: boolean): KObject[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = fold ? String(e.name).toLowerCase() : String(e.name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function matchesRequest(match: KObject, req: InboundRequest, path: string, query: URLSearchParams): boolean {
  const p = pathOf(match);
  if (p.type === "Exact" && path !== p.value) return false;
  if (p.type === "PathPrefix" && !prefixMatches(p.value, path)) return false;
  if (p.type === "RegularExpression" && !re2FullMatch(p.value, path)) return false;
  if (match.method !== undefined && match.method !== req.method) return false;
  for (const h of firstByName(match.headers ?? [], true)) {
    if (!stringMatches(h, req.headers[String(h.name).toLowerCase()])) return false;
  }
  for (const q of firstByName(match.queryParams ?? [], false)) {
    if (!stringMatches(q, query.get(q.name))) return false;
  }
  return true;
}

/**
 * Negative when a takes precedence: exact path, longest prefix, method, most header matches,
 * most query matches; then the oldest route, "{namespace}/{name}", rule order. Regular
 * expressions rank below prefixes (implementation-specific in the spec; Istio's order).
 */
function precedence(a: Candidate, b: Candidate): number {
  const pa = pathOf(a.match);
  const pb = pathOf(b.match);
  const keys: [number, number][] = [
    [PATH_RANK[pa.type] ?? 0, PATH_RANK[pb.type] ?? 0],
    [pa.value.length, pb.value.length],
    [a.match.method !== undefined ? 1 : 0, b.match.method !== undefined ? 1 : 0],
    [(a.match.headers ?? []).length, (b.match.headers ?? []).length],
    [(a.match.queryParams ?? []).length, (b.match.queryParams ?? []).length],
  ];
  for (const [x, y] of keys) if (x !== y) return y - x;
  return olderFirst(a.route, b.route) || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex;
}

/** The routes serving a request's host on a Gateway port, keeping only the most specific hostname. */
function routesForHost(config: ClusterConfig, gw: KObject, req: InboundRequest): KObject[] {
  const protocol = req.tls ? "HTTPS" : "HTTP";
  let listeners = listenersOnPort(gw, req.port).filter((l) => l.protocol === protocol);
  // Each HTTPS listener is its own filter chain chosen by SNI, with only its own routes.
  if (req.tls && req.sni !== undefined) {
    const chosen = bestListener(listeners, req.sni);
    listeners = chosen ? [chosen] : [];
  }
  const gwKey = nsName(gw);
  let best = -1;
  let routes: KObject[] = [];
  for (const route of config.httpRoutes) {
    let score = -1;
    for (const parent of routeParents(config, route)) {
      if (!parent.gateway || nsName(parent.gateway) !== gwKey) continue;
      for (const a of parent.listeners) {
        if (!listeners.includes(a.listener) || !hostnameMatches(a.listener.hostname || "*", req.host))
          continue;
        for (const h of a.hostnames) {
          if (hostnameMatches(h, req.host)) score = Math.max(score, hostnameSpecificity(h));
        }
      }
    }
    if (score < 0) continue;
    if (score > best) {
      best = score;
      routes = [];
    }
    if (score === best) routes.push(route);
  }
  return routes;
}

function splitPath(path: string): { path: string; query: string } {
  const q = path.indexOf("?");
  return q < 0 ? { path, query: "" } : { path: path.slice(0, q), query: path.slice(q) };
}

/**
 * ReplacePrefixMatch, element-wise as the spec's table: prefix "/foo" on "/foo/bar" with "/xyz"
 * (or "/xyz/") gives "/xyz/bar"; with "" gives "/bar"; "/foo" itself with "" gives "/".
 */
export function replacePrefix(path: string, matchedPrefix: string, replacement: string): string {
  const prefix = matchedPrefix.endsWith("/") ? matchedPrefix.slice(0, -1) : matchedPrefix;
  const rest = path.slice(prefix.length);
  const head = replacement.endsWith("/") ? replacement.slice(0, -1) : replacement;
  const out = head + rest;
  if (out === "") return "/";
  return out.startsWith("/") ? out : `/${out}`;
}

/** The new path for a redirect or rewrite path modifier; an error message when it cannot apply. */
function modifyPath(modifier: KObject, path: string, match: KObject): string | { error: string } {
  if (modifier.type === "ReplaceFullPath") return modifier.replaceFullPath ?? "/";
  if (modifier.type === "ReplacePrefixMatch") {
    const p = pathOf(match);
    if (p.type !== "PathPrefix") return { error: "ReplacePrefixMatch needs a PathPrefix match" };
    return replacePrefix(path, p.value, modifier.replacePrefixMatch ?? "");
  }
  return { error: `unsupported path modifier ${modifier.type}` };
}

function headerOps(filter: KObject | undefined): HeaderOps | undefined {
  if (!filter) return undefined;
  const ops: HeaderOps = {};
  const record = (list: KObject[] | undefined) =>
    list?.length
      ? Object.fromEntries(list.map((h) => [String(h.name).toLowerCase(), String(h.value)]))
      : undefined;
  const set = record(filter.set);
  const add = record(filter.add);
  if (set) ops.set = set;
  if (add) ops.add = add;
  if (filter.remove?.length) ops.remove = (filter.remove as string[]).map((n) => n.toLowerCase());
  return ops;
}

function mergeHeaderOps(first: HeaderOps | undefined, then: HeaderOps | undefined): HeaderOps | undefined {
  if (!first || !then) return first ?? then;
  const out: HeaderOps = {};
  const set = { ...first.set, ...then.set };
  const add = { ...first.add, ...then.add };
  const remove = [...new Set([...(first.remove ?? []), ...(then.remove ?? [])])];
  if (Object.keys(set).length) out.set = set;
  if (Object.keys(add).length) out.add = add;
  if (remove.length) out.remove = remove;
  return out;
}

/** Gateway API Duration ("10s", "1m30s", "500ms"); "0s" means no timeout. */
export function parseGatewayApiDuration(d: string | undefined): number | undefined {
  if (!d || !/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(d)) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let ms = 0;
  for (const [, n, u] of d.matchAll(/([0-9]+)(ms|h|m|s)/g)) ms += Number(n) * unit[u!]!;
  return ms === 0 ? undefined : ms;
}

function redirect(
  r: KObject,
  req: InboundRequest,
  path: string,
  query: string,
  match: KObject,
  routeObject: string,
): RouteDecision {
  const scheme: string = r.scheme ?? (req.tls ? "https" : "http");
  const wellKnown: Record<string, number> = { http: 80, https: 443 };
  // Without a port, a scheme given in the filter brings its well-known port; otherwise the listener's.
  const port: number = r.port ?? (r.scheme ? (wellKnown[scheme] ?? req.port) : req.port);
  const newPath = r.path ? modifyPath(r.path, path, match) : path;
  if (typeof newPath !== "string") {
    return { kind: "error", status: 500, flag: "-", reason: newPath.error, routeObject };
  }
  const authority =
    wellKnown[scheme] === port ? (r.hostname ?? req.host) : `${r.hostname ?? req.host}:${port}`;
  return {
    kind: "redirect",
    status: r.statusCode ?? 302,
    location: `${scheme}://${authority}${newPath}${query}`,
    routeObject,
  };
}

/**
 * Where an HTTP request entering an Istio-owned Gateway goes. Note: paths are matched as received;
 * Envoy's path normalisation (dot segments, merged slashes) is not applied here.
 */
export function routeGatewayApi(
  config: ClusterConfig,
  gatewayNsName: string,
  req: InboundRequest,
  pick: Pick,
): RouteDecision {
  const gw = findIstioGateway(config, gatewayNsName);
  if (!gw) return { kind: "no-route", reason: `gateway ${gatewayNsName} not found` };
  const routes = routesForHost(config, gw, req);
  if (routes.length === 0)
    return { kind: "no-route", reason: `no HTTPRoute for host ${req.host} on port ${req.port}` };
  const { path, query } = splitPath(req.path);
  const params = new URLSearchParams(query);
  const candidates: Candidate[] = [];
  for (const route of routes) {
    ((route.spec?.rules ?? []) as KObject[]).forEach((rule, ruleIndex) => {
      const matches: KObject[] = rule.matches?.length ? rule.matches : [{}];
      matches.forEach((match, matchIndex) => {
        if (matchesRequest(match, req, path, params))
          candidates.push({ route, rule, ruleIndex, match, matchIndex });
      });
    });
  }
  if (candidates.length === 0) return { kind: "no-route", reason: `no rule matches ${req.method} ${path}` };
  const { route, rule, match } = candidates.sort(precedence)[0]!;
  const routeObject = nsName(route);
  const filters: KObject[] = rule.filters ?? [];
  const byType = (type: string) => filters.find((f) => f.type === type);

  const redirectFilter = byType("RequestRedirect")?.requestRedirect;
  if (redirectFilter) return redirect(redirectFilter, req, path, query, match, routeObject);

  const weighted = ((rule.backendRefs ?? []) as KObject[])
    .map((ref) => ({ ref, weight: typeof ref.weight === "number" ? ref.weight : 1 }))
    .filter((b) => b.weight > 0);
  if (weighted.length === 0) {
    return {
      kind: "error",
      status: 500,
      flag: "-",
      reason: "rule has no backend with a weight above 0",
      routeObject,
    };
  }
  // Invalid backends keep their share: "the proportion of requests that would otherwise have been
  // routed to an invalid backend MUST receive a 500".
  const chosen = pick(weighted).ref;
  const backend = resolveBackendRef(config, route, chosen);
  if (isRefProblem(backend)) {
    return {
      kind: "error",
      status: 500,
      flag: "NC",
      reason: `${backend.reason}: ${backend.message}`,
      routeObject,
    };
  }

  const rewrite = byType("URLRewrite")?.urlRewrite;
  let upstreamPath = path;
  if (rewrite?.path) {
    const p = modifyPath(rewrite.path, path, match);
    if (typeof p !== "string") return { kind: "error", status: 500, flag: "-", reason: p.error, routeObject };
    upstreamPath = p;
  }
  const decision: RouteDecision = {
    kind: "forward",
    destination: {
      host: `${backend.name}.${backend.namespace}.svc.cluster.local`,
      port: backend.port,
      fromNamespace: route.metadata.namespace,
    },
    path: upstreamPath + query,
    host: rewrite?.hostname ?? req.host,
    routeObject,
  };
  const timeoutMs = parseGatewayApiDuration(rule.timeouts?.request);
  if (timeoutMs !== undefined) decision.timeoutMs = timeoutMs;
  // A backendRef's own header filters apply after the rule's, only when that backend is chosen.
  const backendFilters: KObject[] = chosen.filters ?? [];
  const fromBackend = (type: string) => backendFilters.find((f) => f.type === type);
  const requestHeaders = mergeHeaderOps(
    headerOps(byType("RequestHeaderModifier")?.requestHeaderModifier),
    headerOps(fromBackend("RequestHeaderModifier")?.requestHeaderModifier),
  );
  const responseHeaders = mergeHeaderOps(
    headerOps(byType("ResponseHeaderModifier")?.responseHeaderModifier),
    headerOps(fromBackend("ResponseHeaderModifier")?.responseHeaderModifier),
  );
  if (requestHeaders) decision.requestHeaders = requestHeaders;
  if (responseHeaders) decision.responseHeaders = responseHeaders;
  if (rule.name) decision.routeName = rule.name;
  return decision;
}
