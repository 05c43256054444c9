// The nginx.ingress.kubernetes.io/* annotations the simulated ingress-nginx honours, parsed with
// the controller's own defaults and fallbacks (internal/ingress/annotations/* and
// internal/ingress/defaults in kubernetes/ingress-nginx): a value that fails validation falls back
// to the default rather than failing the Ingress.
import { type KObject } from "../json";

export const NGINX_ANNOTATION_PREFIX = "nginx.ingress.kubernetes.io/";

export interface NginxCors {
  /** ["*"] or origins such as "https://*.example.com:8443". */
  allowOrigin: string[];
  allowMethods: string;
  allowHeaders: string;
  allowCredentials: boolean;
  exposeHeaders: string;
  maxAge: number;
}

/** Traffic shaping of a canary Ingress, evaluated header, then cookie, then weight. */
export interface NginxCanary {
  enabled: boolean;
  header: string;
  headerValue: string;
  headerPattern: string;
  cookie: string;
  weight: number;
  weightTotal: number;
}

export interface NginxAffinity {
  cookieName: string;
  path?: string;
  domain?: string;
  sameSite?: string;
  expires?: string;
  maxAge?: string;
  /** Unset: Secure only on HTTPS requests. */
  secure?: boolean;
  /** "legacy": the canary does not inherit the primary's affinity. */
  canaryBehavior: "sticky" | "legacy";
}

export interface NginxAnnotations {
  rewriteTarget: string;
  useRegex: boolean;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  preserveTrailingSlash: boolean;
  appRoot: string;
  /** permanent-redirect or temporal-redirect (temporal wins when both are set). */
  redirect?: { url: string; code: number };
  canary: NginxCanary;
  /** HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS or FCGI. */
  backendProtocol: string;
  connectTimeoutSeconds: number;
  sendTimeoutSeconds: number;
  readTimeoutSeconds: number;
  /** client_max_body_size in bytes; 0 means no limit. */
  bodySizeBytes: number;
  cors?: NginxCors;
  upstreamVhost: string;
  xForwardedPrefix: string;
  /** CIDRs or addresses. */
  allowlist: string[];
  denylist: string[];
  affinity?: NginxAffinity;
}

const DEFAULT_CORS_METHODS = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const DEFAULT_CORS_HEADERS =
  "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const CORS_ORIGIN = /^([a-z]+:\/\/(\*\.)?[A-Za-z0-9\-.]*(:\d+)?|\*|null)?$/;
const CORS_METHODS = /^([A-Za-z]+,?\s?)+$/;
const CORS_HEADERS = /^([A-Za-z0-9\-_]+,?\s?)+$/;
const CORS_EXPOSE = /^(([A-Za-z0-9\-_]+|\*),?\s?)+$/;
const BACKEND_PROTOCOLS = new Set(["HTTP", "HTTPS", "AUTO_HTTP", "GRPC", "GRPCS", "FCGI"]);

type Reader = (name: string) => string | undefined;

// Go's strconv.ParseBool, which the controller's annotation parser uses.
function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

// Go's strconv.Atoi.
function parseInt10(v: string | undefined): number | undefined {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** nginx's size syntax ("8m", "512k", "1g", "100"); undefined when it is not one. */
export function parseNginxSize(v: string): number | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v.trim());
  if (!m) return undefined;
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase()]!;
  return Number(m[1]) * unit;
}

function list(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function parseCors(get: Reader): NginxCors | undefined {
  if (parseBool(get("enable-cors")) !== true) return undefined;
  const rawOrigins = get("cors-allow-origin");
  let allowOrigin: string[] = ["*"];
  if (rawOrigins !== undefined) {
    allowOrigin = [];
    for (const origin of list(rawOrigins)) {
      if (origin === "*") {
        allowOrigin = ["*"];
        break;
      }
      if (CORS_ORIGIN.test(origin)) allowOrigin.push(origin);
    }
  }
  const methods = get("cors-allow-methods");
  const headers = get("cors-allow-headers");
  const expose = get("cors-expose-headers");
  return {
    allowOrigin,
    allowMethods: methods !== undefined && CORS_METHODS.test(methods) ? methods : DEFAULT_CORS_METHODS,
    allowHeaders: headers !== undefined && CORS_HEADERS.test(headers) ? headers : DEFAULT_CORS_HEADERS,
    allowCredentials: parseBool(get("cors-allow-credentials")) ?? true,
    exposeHeaders: expose !== undefined && CORS_EXPOSE.test(expose) ? expose : "",
    maxAge: parseInt10(get("cors-max-age")) ?? 1728000,
  };
}

function parseRedirect(get: Reader): NginxAnnotations["redirect"] {
  const isUrl = (u: string) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(u);
  const temporal = get("temporal-redirect");
  if (temporal && isUrl(temporal)) {
    const code = parseInt10(get("temporal-redirect-code")) ?? 0;
    return { url: temporal, code: code >= 300 && code <= 307 ? code : 302 };
  }
  const permanent = get("permanent-redirect");
  if (permanent && isUrl(permanent)) {
    const code = parseInt10(get("permanent-redirect-code")) ?? 0;
    return { url: permanent, code: code >= 300 && code <= 308 ? code : 301 };
  }
  return undefined;
}

function parseCanary(get: Reader): NginxCanary {
  const weight = parseInt10(get("canary-weight")) ?? 0;
  return {
    enabled: parseBool(get("canary")) === true,
    header: get("canary-by-header") ?? "",
    headerValue: get("canary-by-header-value") ?? "",
    headerPattern: get("canary-by-header-pattern") ?? "",
    cookie: get("canary-by-cookie") ?? "",
    weight: Math.max(0, weight),
    weightTotal: parseInt10(get("canary-weight-total")) ?? 100,
  };
}

function parseAffinity(get: Reader): NginxAffinity | undefined {
  if (get("affinity") !== "cookie") return undefined;
  const opt = (name: string) => {
    const v = get(name);
    return v !== undefined && v !== "" ? v : undefined;
  };
  const path = opt("session-cookie-path");
  const domain = opt("session-cookie-domain");
  const sameSite = opt("session-cookie-samesite");
  const expires = opt("session-cookie-expires");
  const maxAge = opt("session-cookie-max-age");
  const secure = parseBool(get("session-cookie-secure"));
  return {
    cookieName: opt("session-cookie-name") ?? "INGRESSCOOKIE",
    ...(path ? { path } : {}),
    ...(domain ? { domain } : {}),
    ...(sameSite ? { sameSite } : {}),
    ...(expires && /^\d+$/.test(expires) ? { expires } : {}),
    ...(maxAge && /^\d+$/.test(maxAge) ? { maxAge } : {}),
    ...(secure !== undefined ? { secure } : {}),
    canaryBehavior: get("affinity-canary-behavior") === "legacy" ? "legacy" : "sticky",
  };
}

function timeout(get: Reader, name: string, fallback: number): number {
  const v = parseInt10(get(name));
  return v !== undefined && v > 0 ? v : fallback;
}

/** The annotations of one Ingress as the controller reads them (defaults for what is absent). */
export function parseNginxAnnotations(ingress: KObject): NginxAnnotations {
  const annotations = (ingress.metadata?.annotations ?? {}) as Record<string, string>;
  const get: Reader = (name) => {
    const v = annotations[NGINX_ANNOTATION_PREFIX + name];
    return typeof v === "string" ? v : undefined;
  };
  const appRoot = get("app-root") ?? "";
  const protocol = (get("backend-protocol") ?? "HTTP").toUpperCase();
  const redirect = parseRedirect(get);
  const cors = parseCors(get);
  const affinity = parseAffinity(get);
  return {
    rewriteTarget: get("rewrite-target") ?? "",
    useRegex: parseBool(get("use-regex")) === true,
    sslRedirect: parseBool(get("ssl-redirect")) ?? true,
    forceSslRedirect: parseBool(get("force-ssl-redirect")) === true,
    preserveTrailingSlash: parseBool(get("preserve-trailing-slash")) === true,
    appRoot: appRoot.startsWith("/") ? appRoot : "",
    ...(redirect ? { redirect } : {}),
    canary: parseCanary(get),
    backendProtocol: BACKEND_PROTOCOLS.has(protocol) ? protocol : "HTTP",
    connectTimeoutSeconds: timeout(get, "proxy-connect-timeout", 5),
    sendTimeoutSeconds: timeout(get, "proxy-send-timeout", 60),
    readTimeoutSeconds: timeout(get, "proxy-read-timeout", 60),
    bodySizeBytes: parseNginxSize(get("proxy-body-size") ?? "") ?? 1024 * 1024,
    ...(cors ? { cors } : {}),
    upstreamVhost: get("upstream-vhost") ?? "",
    xForwardedPrefix: get("x-forwarded-prefix") ?? "",
    // allowlist-source-range is the current name; whitelist-source-range the older one.
    allowlist: list(get("allowlist-source-range") ?? get("whitelist-source-range")),
    denylist: list(get("denylist-source-range")),
    ...(affinity ? { affinity } : {}),
  };
}
