// HTTP routing at an ingress-nginx controller, in the order nginx runs its phases for the
// location ingress-nginx renders (rootfs/etc/nginx/template/nginx.tmpl, lua/lua_ingress.lua,
// lua/balancer.lua): server rewrite (app-root), location choice and client_max_body_size,
// rewrite phase (CORS preflight, redirect annotations, then the ssl-redirect of lua_ingress),
// access phase (deny/allow lists), then the balancer (canary, cookie affinity).
import { createHash } from "node:crypto";
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { type NginxAnnotations, type NginxCors } from "./ingress-nginx-annotations";
import {
  type IngressNginxClass,
  type NginxLocation,
  type NginxServer,
  type NginxUpstream,
  certificateForHost,
  nginxModel,
  serverForHost,
} from "./ingress-nginx-servers";
import {
  type ClusterConfig,
  type HeaderOps,
  type InboundRequest,
  type Pick,
  type PortPlan,
  type RouteDecision,
  type TlsDecision,
} from "./types";

/** ingress-nginx's defaults: http-redirect-code 308, hsts with max-age one year, includeSubDomains. */
const HTTP_REDIRECT_CODE = 308;
const HSTS = "max-age=31536000; includeSubDomains";

/** The controller's container ports (the chart's defaults): 80 plain HTTP, 443 TLS. */
export function ingressNginxPortPlan(port: { port: number; targetPort: number }): PortPlan {
  const p = port.targetPort === 80 || port.targetPort === 443 ? port.targetPort : port.port;
  return { ...port, protocol: p === 80 ? "HTTP" : p === 443 ? "TLS" : "NONE" };
}

/**
 * The certificate for a TLS connection (certificate.lua): the server of the SNI name (exact, then
 * its one-label wildcard), with the Secret of its Ingress's spec.tls; otherwise, and when that
 * Secret is missing or does not cover the host, the controller's self-signed default certificate.
 */
export function ingressNginxTls(
  config: ClusterConfig,
  cls: IngressNginxClass,
  port: { port: number; targetPort: number },
  sni: string | undefined,
): TlsDecision {
  if (ingressNginxPortPlan(port).protocol !== "TLS")
    return { kind: "refuse", reason: `port ${port.port} is not TLS` };
  if (!sni) return { kind: "default-certificate", reason: "no SNI" };
  const cert = certificateForHost(nginxModel(config, cls), sni);
  if (!cert) return { kind: "default-certificate", reason: `no TLS server for ${sni}` };
  if (cert.kind === "default") return { kind: "default-certificate", reason: cert.reason };
  return { kind: "terminate", secretNamespace: cert.namespace, secretName: cert.name };
}

// Compiled location and rewrite patterns: nginx compiles PCRE, which JS RegExp follows closely for
// the patterns Ingress paths use; a pattern JS cannot compile never matches.
const regexCache = new Map<string, RegExp | null>();
function caseInsensitive(pattern: string): RegExp | undefined {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "i");
    } catch {
      re = null;
    }
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re ?? undefined;
}

/** $uri: the path without the query, percent-decoded, with repeated slashes merged. */
export function nginxUri(path: string): string {
  const q = path.indexOf("?");
  let uri = q >= 0 ? path.slice(0, q) : path;
  try {
    uri = decodeURIComponent(uri);
  } catch {
    // nginx answers 400 to a broken escape; matching the raw text is the nearest harmless thing.
  }
  return uri.replace(/\/{2,}/g, "/");
}

/**
 * nginx's location choice. With regexes enforced every location is `~* "^path"` and the first
 * that matches wins, in ingress-nginx's order (longest path first). Otherwise an exact location
 * equal to the URI, else the longest prefix.
 */
export function selectLocation(server: NginxServer, uri: string): NginxLocation | undefined {
  if (server.enforceRegex) return server.locations.find((l) => caseInsensitive(`^${l.path}`)?.test(uri));
  const exact = server.locations.find((l) => l.exact && l.path === uri);
  if (exact) return exact;
  let best: NginxLocation | undefined;
  for (const l of server.locations) {
    if (!l.exact && uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  }
  return best;
}

// `rewrite "(?i)path" target break;`: the whole URI becomes the target with $1..$9 filled in;
// the query string is kept unless the target brings its own.
function rewritePath(loc: NginxLocation, uri: string, query: string): string | undefined {
  const target = loc.anns.rewriteTarget;
  if (target === "" || target === loc.path) return undefined;
  const m = caseInsensitive(loc.path)?.exec(uri);
  if (!m) return undefined;
  const replaced = target.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? "");
  if (!replaced.includes("?")) return query ? `${replaced}?${query}` : replaced;
  if (replaced.endsWith("?")) return replaced.slice(0, -1);
  return query ? `${replaced}&${query}` : replaced;
}

// buildCorsOriginRegex: each origin escaped, one "*" standing for one DNS label, matched
// case-insensitively and anchored at the end only, as the rendered `if ($http_origin ~* ...)` is.
function corsOriginAllowed(cors: NginxCors, origin: string | undefined): string | undefined {
  if (cors.allowOrigin.length === 1 && cors.allowOrigin[0] === "*") return "*";
  if (origin === undefined) return undefined;
  const alternatives = cors.allowOrigin.map((o) => {
    const escaped = o.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
    return `(${escaped.replace("\\*", "[A-Za-z0-9\\-]+")})`;
  });
  return alternatives.length > 0 && caseInsensitive(`(${alternatives.join("|")})$`)?.test(origin)
    ? origin
    : undefined;
}

function corsHeaders(cors: NginxCors, allowOrigin: string): Record<string, string> {
  return {
    "access-control-allow-origin": allowOrigin,
    ...(cors.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
    "access-control-allow-methods": cors.allowMethods,
    "access-control-allow-headers": cors.allowHeaders,
    ...(cors.exposeHeaders ? { "access-control-expose-headers": cors.exposeHeaders } : {}),
    "access-control-max-age": String(cors.maxAge),
  };
}

function ipOf(address: string): { ip: string; type: "ipv4" | "ipv6" } | undefined {
  const ip = address.startsWith("::ffff:") && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(ip)) return { ip, type: "ipv4" };
  if (isIPv6(ip)) return { ip, type: "ipv6" };
  return undefined;
}

/** Whether an address falls in any of the CIDRs or addresses (entries nginx would refuse are skipped). */
export function inRanges(address: string, ranges: string[]): boolean {
  const client = ipOf(address);
  if (!client) return false;
  const list = new BlockList();
  for (const r of ranges) {
    const [net, bits] = r.split("/");
    const n = ipOf(net ?? "");
    if (!n) continue;
    const max = n.type === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) continue;
    list.addSubnet(n.ip, prefix, n.type);
  }
  return list.check(client.ip, client.type);
}

function cookieValue(req: InboundRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// The balancer's key for an upstream (sticky.lua compares it with the cookie's second part).
function backendKey(up: NginxUpstream): string {
  return createHash("md5").update(up.name).digest("hex");
}

function affinitized(req: InboundRequest, up: NginxUpstream): boolean {
  if (!up.affinity) return false;
  const value = cookieValue(req, up.affinity.cookieName);
  return value?.split("|")[1] === backendKey(up);
}

// route_to_alternative_balancer: affinity first, then canary-by-header, -by-cookie, -weight.
function chooseUpstream(primary: NginxUpstream, req: InboundRequest, pick: Pick): NginxUpstream {
  const alt = primary.alternatives[0];
  if (!alt?.canary || affinitized(req, primary)) return primary;
  if (affinitized(req, alt)) return alt;
  const c = alt.canary;
  const header = c.header ? req.headers[c.header.toLowerCase()] : undefined;
  if (header !== undefined) {
    if (c.headerValue) {
      if (header === c.headerValue) return alt;
    } else if (c.headerPattern) {
      if (caseSensitive(c.headerPattern)?.test(header)) return alt;
    } else if (header === "always") return alt;
    else if (header === "never") return primary;
  }
  const cookie = c.cookie ? cookieValue(req, c.cookie) : undefined;
  if (cookie === "always") return alt;
  if (cookie === "never") return primary;
  const total = c.weightTotal > 100 ? c.weightTotal : 100;
  if (c.weight <= 0) return primary;
  if (c.weight >= total) return alt;
  return pick([
    { weight: c.weight, up: alt },
    { weight: total - c.weight, up: primary },
  ]).up;
}

const patternCache = new Map<string, RegExp | null>();
function caseSensitive(pattern: string): RegExp | undefined {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re ?? undefined;
}

// sticky.lua set_cookie, attributes in lua-resty-cookie's order.
function affinityCookie(up: NginxUpstream, loc: NginxLocation, req: InboundRequest): string {
  const a = up.affinity!;
  const endpointKey = createHash("md5").update(`${up.name}/endpoint`).digest("hex");
  const parts = [`${a.cookieName}=${endpointKey}|${backendKey(up)}`];
  if (a.expires) parts.push(`Expires=${new Date(Date.now() + Number(a.expires) * 1000).toUTCString()}`);
  if (a.maxAge) parts.push(`Max-Age=${a.maxAge}`);
  if (a.domain) parts.push(`Domain=${a.domain}`);
  parts.push(`Path=${a.path ?? loc.ingressPath}`);
  if (a.secure ?? req.tls) parts.push("Secure");
  parts.push("HttpOnly");
  if (a.sameSite) parts.push(`SameSite=${a.sameSite}`);
  return parts.join("; ");
}

function headerOps(set: Record<string, string>, add?: Record<string, string>): HeaderOps | undefined {
  const ops: HeaderOps = {};
  if (Object.keys(set).length > 0) ops.set = set;
  if (add && Object.keys(add).length > 0) ops.add = add;
  return ops.set || ops.add ? ops : undefined;
}

function sslRedirect(
  anns: NginxAnnotations,
  hasCertificate: boolean,
  req: InboundRequest,
): (RouteDecision & { kind: "redirect" }) | undefined {
  if (req.tls) return undefined;
  if (!anns.forceSslRedirect && !(anns.sslRedirect && hasCertificate)) return undefined;
  let uri = req.path;
  // lua_ingress drops one trailing slash of $request_uri unless preserve-trailing-slash is set.
  if (!anns.preserveTrailingSlash && uri.endsWith("/")) uri = uri.slice(0, -1);
  const host = (req.headers.host ?? req.host).split(":")[0];
  return { kind: "redirect", status: HTTP_REDIRECT_CODE, location: `https://${host}${uri}` };
}

/** Where an ingress-nginx controller of this class sends the request, and what it answers itself. */
export function routeIngressNginx(
  config: ClusterConfig,
  cls: IngressNginxClass,
  req: InboundRequest,
  pick: Pick,
): RouteDecision {
  const model = nginxModel(config, cls);
  const server = serverForHost(model, req.host);
  // certificate_configured_for_current_request, which both ssl-redirect and HSTS ask.
  const hasCertificate = certificateForHost(model, req.host) !== undefined;
  const uri = nginxUri(req.path);
  const q = req.path.indexOf("?");
  const query = q >= 0 ? req.path.slice(q + 1) : "";
  const httpHost = req.headers.host ?? req.host;
  const scheme = req.tls ? "https" : "http";
  const hsts: Record<string, string> = req.tls && hasCertificate ? { "strict-transport-security": HSTS } : {};

  // Server rewrite phase: every location with app-root renders `if ($uri = /) { return 302 ... }`.
  const appRoot = server.locations.find((l) => l.anns.appRoot !== "");
  if (appRoot && uri === "/") {
    return {
      kind: "redirect",
      status: 302,
      location: `${scheme}://${httpHost}${appRoot.anns.appRoot}`,
      ...(appRoot.ingress ? { routeObject: appRoot.ingress } : {}),
      responseHeaders: headerOps(hsts),
    };
  }
  const loc = selectLocation(server, uri);
  if (!loc) return { kind: "no-route", reason: `no location of ${server.hostname} matches ${uri}` };
  const a = loc.anns;
  const routeObject = loc.ingress ? { routeObject: loc.ingress } : {};

  // Find-config phase: client_max_body_size.
  if (a.bodySizeBytes > 0 && (req.bodyLength ?? 0) > a.bodySizeBytes) {
    return {
      kind: "direct",
      status: 413,
      body: "413 Request Entity Too Large",
      ...routeObject,
      responseHeaders: headerOps(hsts),
    };
  }

  // Rewrite phase, in the order the location block renders it.
  const allowOrigin = a.cors ? corsOriginAllowed(a.cors, req.headers.origin) : undefined;
  const cors = a.cors && allowOrigin !== undefined ? corsHeaders(a.cors, allowOrigin) : {};
  const responseSet = { ...hsts, ...cors };
  if (a.cors && allowOrigin !== undefined && req.method === "OPTIONS") {
    return {
      kind: "direct",
      status: 204,
      ...routeObject,
      responseHeaders: { set: { ...responseSet, "content-type": "text/plain charset=UTF-8" } },
    };
  }
  if (a.redirect) {
    return {
      kind: "redirect",
      status: a.redirect.code,
      location: a.redirect.url,
      ...routeObject,
      responseHeaders: headerOps(responseSet),
    };
  }
  const redirect = sslRedirect(a, hasCertificate, req);
  if (redirect) return { ...redirect, ...routeObject, responseHeaders: headerOps(responseSet) };

  // Access phase: deny entries first, then allow entries and `deny all`.
  const client = req.clientAddress ?? "";
  if (
    (a.denylist.length > 0 && inRanges(client, a.denylist)) ||
    (a.allowlist.length > 0 && !inRanges(client, a.allowlist))
  ) {
    return {
      kind: "direct",
      status: 403,
      body: "403 Forbidden",
      ...routeObject,
      responseHeaders: headerOps(responseSet),
    };
  }

  if (!loc.upstream) {
    return { kind: "no-route", reason: `${server.hostname}${uri} is served by the default backend` };
  }
  const upstream = chooseUpstream(loc.upstream, req, pick);
  const rewritten = rewritePath(loc, uri, query);
  const requestSet: Record<string, string> = {
    "x-real-ip": client,
    "x-forwarded-for": client,
    "x-forwarded-host": httpHost,
    "x-forwarded-port": req.tls ? "443" : "80",
    "x-forwarded-proto": scheme,
    "x-forwarded-scheme": scheme,
    "x-scheme": scheme,
  };
  if (req.headers["x-forwarded-for"]) requestSet["x-original-forwarded-for"] = req.headers["x-forwarded-for"];
  // Only the rewrite branch of buildProxyPass sets X-Forwarded-Prefix.
  if (rewritten !== undefined && a.xForwardedPrefix) requestSet["x-forwarded-prefix"] = a.xForwardedPrefix;
  const setCookie =
    upstream.affinity && !affinitized(req, upstream)
      ? { "set-cookie": affinityCookie(upstream, loc, req) }
      : undefined;
  return {
    kind: "forward",
    destination: upstream.destination,
    path: rewritten ?? req.path,
    host: a.upstreamVhost || httpHost,
    timeoutMs: a.readTimeoutSeconds * 1000,
    requestHeaders: {
      // nginx sends none of Envoy's own headers, and clears Proxy (httpoxy).
      remove: ["proxy", "x-envoy-attempt-count", "x-envoy-original-path"],
      set: requestSet,
    },
    responseHeaders: headerOps(responseSet, setCookie),
    routeObject: loc.ingress ?? upstream.name,
    routeName: `${server.hostname}${loc.exact && !server.enforceRegex ? "=" : ""}${loc.path}`,
    backendProtocol: a.backendProtocol,
  };
}
