// VirtualService `http` rules as Envoy routes: which rules istiod emits for a listener, whether a
// request matches one, and what the matched rule does with it. Shared by gateways and sidecars.
import { type KObject } from "../json";
import { type HeaderOps, type InboundRequest, type Pick, type RouteDecision } from "./types";
import { parseIstioDuration } from "./istio-duration";
import { resolveShortname } from "./istio-hosts";
import { isPresenceMatch, stringMatches } from "./istio-string-match";
import { type IstioVirtualService, resolveGatewayName } from "./istio-virtual-services";
import { re2ReplaceAll } from "./regex";

/** The proxy and listener the routes are built for. */
export interface HttpRouteContext {
  /** Gateway server port, or the port a sidecar's client called. */
  listenPort: number;
  /** "ns/name" of the Gateway whose server is serving, or "mesh" for a sidecar. */
  gatewayName: string;
  /** Labels and namespace of the proxy, which sourceLabels / sourceNamespace are compared with. */
  proxyLabels: Record<string, string>;
  proxyNamespace: string;
}

/** One Envoy route: one http rule with one of its match conditions (none: the rule matches all). */
export interface IstioHttpRoute {
  vs: IstioVirtualService;
  rule: KObject;
  match?: KObject;
  ctx: HttpRouteContext;
}

/**
 * Fields of the networking API that route a request but that the simulator does not act on; the
 * runtime can show them to people so nothing is silently dropped.
 */
export const ISTIO_NOT_EMULATED: Record<string, string> = {
  "http[].mirror / mirrors / mirrorPercentage": "mirrored copies of requests are not sent",
  "http[].fault": "no delays or aborts are injected",
  "http[].retries": "requests are not retried",
  "http[].corsPolicy": "no CORS preflight answers or headers",
  "http[].delegate": "delegate VirtualServices are not merged into their root; such a rule answers 500",
  "http[].match[].headers[@request.auth.claims.*]": "JWT claims are not known: a claim condition never holds",
  "http[].match[].statPrefix": "no per-route statistics",
  "tcp[] / tls[] on terminated servers": "only HTTP routing and TLS passthrough by SNI are emulated",
  "Gateway tls.mode MUTUAL / OPTIONAL_MUTUAL": "treated as SIMPLE: client certificates are not requested",
  "Gateway tls.mode AUTO_PASSTHROUGH / ISTIO_MUTUAL": "not served: the handshake is refused",
};

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

// A uri StringMatch without exact/prefix/regex leaves istiod's default path match, prefix "/".
function hasMatchType(m: KObject): boolean {
  return typeof m.exact === "string" || typeof m.prefix === "string" || typeof m.regex === "string";
}

function isEmpty(o: unknown): boolean {
  return !o || typeof o !== "object" || Object.keys(o as object).length === 0;
}

/** Envoy's IsCatchAllRoute: prefix "/" or regex ".*", and no header or query condition. */
export function isCatchAllRoute(route: IstioHttpRoute): boolean {
  const m = route.match;
  if (!m) return true;
  const uri: KObject | undefined = m.uri;
  const anyPath = !uri || !hasMatchType(uri) || uri.prefix === "/" || uri.regex === ".*";
  // Method, authority and scheme become header matchers (":method" ...) in Envoy.
  return (
    anyPath &&
    isEmpty(m.headers) &&
    isEmpty(m.withoutHeaders) &&
    isEmpty(m.queryParams) &&
    !m.method &&
    !m.authority &&
    !m.scheme
  );
}

// istiod's TranslateRoute drops a match that cannot apply to this listener or proxy at build time.
function matchApplies(match: KObject, vs: IstioVirtualService, ctx: HttpRouteContext): boolean {
  if (match.port && Number(match.port) !== ctx.listenPort) return false;
  // As in sourceMatchHTTP: a per-match gateway list replaces the source checks.
  if (Array.isArray(match.gateways) && match.gateways.length > 0) {
    return match.gateways.some((g: string) => resolveGatewayName(g, vs.namespace) === ctx.gatewayName);
  }
  const wanted: Record<string, string> = match.sourceLabels ?? {};
  for (const [k, v] of Object.entries(wanted)) if (ctx.proxyLabels[k] !== v) return false;
  return !match.sourceNamespace || match.sourceNamespace === ctx.proxyNamespace;
}

/**
 * istiod's BuildHTTPRoutesForVirtualService: one route per applicable match of each rule, in
 * order, stopping after the first catch-all (nothing after it could ever match). A rule whose
 * matches all fail to apply here is left out rather than becoming a catch-all.
 */
export function buildHttpRoutes(vs: IstioVirtualService, ctx: HttpRouteContext): IstioHttpRoute[] {
  const out: IstioHttpRoute[] = [];
  const rules: KObject[] = Array.isArray(vs.spec.http) ? vs.spec.http : [];
  for (const rule of rules) {
    const matches: KObject[] = Array.isArray(rule.match) ? rule.match : [];
    if (matches.length === 0) {
      out.push({ vs, rule, ctx });
      break;
    }
    let catchAll = false;
    for (const match of matches) {
      if (!matchApplies(match, vs, ctx)) continue;
      const route = { vs, rule, match, ctx };
      out.push(route);
      if (isCatchAllRoute(route)) {
        catchAll = true;
        break;
      }
    }
    if (catchAll) break;
  }
  return out;
}

/**
 * istiod's SortVHostRoutes: when several VirtualServices merge into one virtual host, catch-all
 * routes move to the end (keeping their order), so one VirtualService's "/" does not hide another's
 * more specific rules.
 */
export function sortVirtualHostRoutes(routes: IstioHttpRoute[]): IstioHttpRoute[] {
  return [...routes.filter((r) => !isCatchAllRoute(r)), ...routes.filter(isCatchAllRoute)];
}

interface RequestView {
  req: InboundRequest;
  /** Path without query string or fragment. */
  path: string;
  /** "?..." or "". */
  query: string;
  params: Map<string, string>;
}

function viewOf(req: InboundRequest): RequestView {
  const cut = req.path.search(/[?#]/);
  const path = cut < 0 ? req.path : req.path.slice(0, cut);
  const rest = cut < 0 ? "" : req.path.slice(cut);
  const query = rest.startsWith("?") ? rest.split("#")[0]! : "";
  const params = new Map<string, string>();
  for (const pair of query.slice(1).split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    // Envoy matches the first value of a repeated parameter.
    if (!params.has(name)) params.set(name, decode(eq < 0 ? "" : pair.slice(eq + 1)));
  }
  return { req, path, query, params };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Envoy's HeaderMatcher: a missing header fails a value match; withoutHeaders inverts the result
// and, as istiod configures it (treat_missing_header_as_empty), reads a missing header as "".
function headerCondition(
  m: KObject | null | undefined,
  value: string | undefined,
  inverted: boolean,
): boolean {
  if (isPresenceMatch(m)) return (value !== undefined) !== inverted;
  if (value === undefined && !inverted) return false;
  return stringMatches(m!, value ?? "") !== inverted;
}

function requestMatches(match: KObject | undefined, v: RequestView): boolean {
  if (!match) return true;
  const uri: KObject | undefined = match.uri;
  if (uri && hasMatchType(uri)) {
    // Envoy's case_sensitive flag does not apply to regex path matches.
    const ignoreCase = match.ignoreUriCase === true && typeof uri.regex !== "string";
    if (!stringMatches(uri, v.path, ignoreCase)) return false;
  }
  const headers = v.req.headers;
  for (const [rawName, m] of Object.entries((match.headers ?? {}) as Record<string, KObject>)) {
    const name = rawName.toLowerCase();
    if (name.startsWith("@")) return false;
    if (!headerCondition(m, headers[name], false)) return false;
  }
  for (const [rawName, m] of Object.entries((match.withoutHeaders ?? {}) as Record<string, KObject>)) {
    const name = rawName.toLowerCase();
    if (name.startsWith("@")) continue;
    if (!headerCondition(m, headers[name], true)) return false;
  }
  if (match.method && !headerCondition(match.method, v.req.method, false)) return false;
  if (match.authority && !headerCondition(match.authority, v.req.host, false)) return false;
  if (match.scheme && !headerCondition(match.scheme, v.req.tls ? "https" : "http", false)) return false;
  for (const [name, m] of Object.entries((match.queryParams ?? {}) as Record<string, KObject>)) {
    if (!headerCondition(m, v.params.get(name), false)) return false;
  }
  return true;
}

/** The first route the request matches, in order (Envoy's first-match-wins). */
export function firstMatchingRoute(
  routes: IstioHttpRoute[],
  req: InboundRequest,
): IstioHttpRoute | undefined {
  const v = viewOf(req);
  return routes.find((r) => requestMatches(r.match, v));
}

function routeName(route: IstioHttpRoute): string | undefined {
  const base: string | undefined = route.rule.name;
  const sub: string | undefined = route.match?.name;
  if (!sub) return base || undefined;
  return `${base ?? ""}.${sub}`;
}

/** What the matched route does with the request: forward, redirect or answer directly. */
export function applyHttpRoute(route: IstioHttpRoute, req: InboundRequest, pick: Pick): RouteDecision {
  const { vs, rule } = route;
  if (rule.redirect) return redirectOf(route, req);
  if (rule.directResponse) {
    const body: KObject | undefined = rule.directResponse.body;
    const text =
      typeof body?.string === "string"
        ? body.string
        : typeof body?.bytes === "string"
          ? Buffer.from(body.bytes, "base64").toString("utf8")
          : undefined;
    return { kind: "direct", status: Number(rule.directResponse.status), body: text, routeObject: vs.ref };
  }
  if (rule.delegate) {
    return {
      kind: "error",
      status: 500,
      flag: "NR",
      reason: "delegate VirtualServices are not emulated",
      routeObject: vs.ref,
    };
  }
  const all: KObject[] = Array.isArray(rule.route) ? rule.route : [];
  // As istiod does: one destination takes all traffic whatever its weight; with several, weight 0 is dropped.
  const weighted =
    all.length === 1
      ? [{ weight: 100, dst: all[0]! }]
      : all.map((dst) => ({ weight: Number(dst.weight ?? 0), dst })).filter((d) => d.weight > 0);
  if (weighted.length === 0) {
    return {
      kind: "error",
      status: 503,
      flag: "UH",
      reason: "the route has no destination with weight",
      routeObject: vs.ref,
    };
  }
  const { dst } = pick(weighted);
  const d: KObject = dst.destination ?? {};
  const ruleOps = headerOpsOf(rule.headers);
  const dstOps = headerOpsOf(dst.headers);
  const authority = rule.rewrite?.authority || ruleOps.authority || dstOps.authority || req.host;
  const timeoutMs = parseIstioDuration(rule.timeout);
  return {
    kind: "forward",
    destination: {
      host: resolveShortname(String(d.host ?? ""), vs.namespace),
      port: d.port?.number === undefined ? undefined : Number(d.port.number),
      subset: d.subset || undefined,
      fromNamespace: vs.namespace,
    },
    path: rewrittenPath(route, req),
    host: authority,
    // Envoy reads a zero timeout as "none".
    timeoutMs: timeoutMs ? timeoutMs : undefined,
    requestHeaders: mergeOps(ruleOps.request, dstOps.request),
    responseHeaders: mergeOps(ruleOps.response, dstOps.response),
    routeObject: vs.ref,
    routeName: routeName(route),
  };
}

/**
 * Envoy's prefix_rewrite / regex_rewrite as istiod configures them: `uriRegexRewrite` rewrites the
 * path (not the query); `uri` replaces the matched prefix for a prefix match, the whole path for an
 * exact or regex match, and the leading "/" for a rule without a uri condition (its match is "/").
 */
function rewrittenPath(route: IstioHttpRoute, req: InboundRequest): string {
  const rw: KObject | undefined = route.rule.rewrite;
  if (!rw) return req.path;
  const v = viewOf(req);
  const tail = req.path.slice(v.path.length);
  if (rw.uriRegexRewrite?.match !== undefined) {
    const out = re2ReplaceAll(
      String(rw.uriRegexRewrite.match),
      v.path,
      String(rw.uriRegexRewrite.rewrite ?? ""),
    );
    return out === undefined ? req.path : out + tail;
  }
  if (typeof rw.uri !== "string" || rw.uri === "") return req.path;
  const uri: KObject | undefined = route.match?.uri;
  if (uri && (typeof uri.exact === "string" || typeof uri.regex === "string")) return rw.uri + tail;
  const prefix = typeof uri?.prefix === "string" ? uri.prefix : "/";
  return rw.uri + req.path.slice(prefix.length);
}

function redirectOf(route: IstioHttpRoute, req: InboundRequest): RouteDecision {
  const r: KObject = route.rule.redirect;
  const status = r.redirectCode === undefined ? 301 : Number(r.redirectCode);
  if (!REDIRECT_CODES.has(status)) {
    return {
      kind: "error",
      status: 500,
      flag: "NR",
      reason: `redirect code ${status} is not supported`,
      routeObject: route.vs.ref,
    };
  }
  const scheme: string = r.scheme || (req.tls ? "https" : "http");
  const host: string = r.authority || req.host;
  let port: number | undefined;
  // istiod resolves FROM_REQUEST_PORT to the listener's port when it builds the route.
  if (r.port !== undefined) port = Number(r.port);
  else if (r.derivePort === "FROM_REQUEST_PORT") port = route.ctx.listenPort;
  if ((port === 80 && scheme === "http") || (port === 443 && scheme === "https")) port = undefined;
  const v = viewOf(req);
  let path = req.path;
  // Envoy's path_redirect keeps the request's query unless the new path brings its own.
  if (typeof r.uri === "string" && r.uri !== "") path = r.uri.includes("?") ? r.uri : r.uri + v.query;
  return {
    kind: "redirect",
    status,
    location: `${scheme}://${host}${port === undefined ? "" : `:${port}`}${path}`,
    routeObject: route.vs.ref,
  };
}

interface ParsedOps {
  request: HeaderOps;
  response: HeaderOps;
  authority?: string;
}

// Pseudo-headers and Host are not set as headers: istiod turns a Host/:authority set (or add)
// into the upstream authority and drops the rest.
function isInternal(name: string): boolean {
  return name.startsWith(":") || name.toLowerCase() === "host";
}

function authorityIn(ops: KObject | undefined): string | undefined {
  for (const [k, v] of Object.entries((ops ?? {}) as Record<string, string>)) {
    if (k.toLowerCase() === ":authority" || k.toLowerCase() === "host") return v;
  }
  return undefined;
}

function opsOf(o: KObject | undefined): HeaderOps {
  const out: HeaderOps = {};
  const pick = (m: KObject | undefined) => {
    const e = Object.entries((m ?? {}) as Record<string, string>).filter(([k]) => !isInternal(k));
    return e.length > 0 ? Object.fromEntries(e.map(([k, val]) => [k.toLowerCase(), String(val)])) : undefined;
  };
  const set = pick(o?.set);
  const add = pick(o?.add);
  const remove = ((o?.remove ?? []) as string[]).filter((k) => !isInternal(k)).map((k) => k.toLowerCase());
  if (set) out.set = set;
  if (add) out.add = add;
  if (remove.length > 0) out.remove = remove;
  return out;
}

function headerOpsOf(h: KObject | undefined): ParsedOps {
  return {
    request: opsOf(h?.request),
    response: opsOf(h?.response),
    authority: authorityIn(h?.request?.set) ?? authorityIn(h?.request?.add),
  };
}

// Destination-level operations apply after the rule's, as Envoy applies weighted-cluster headers last.
function mergeOps(a: HeaderOps, b: HeaderOps): HeaderOps | undefined {
  const out: HeaderOps = {};
  if (a.set || b.set) out.set = { ...a.set, ...b.set };
  if (a.add || b.add) out.add = { ...a.add, ...b.add };
  if (a.remove || b.remove) out.remove = [...(a.remove ?? []), ...(b.remove ?? [])];
  return Object.keys(out).length > 0 ? out : undefined;
}
