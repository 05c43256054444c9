import type { Cors, K8sObject, StringMatch } from "@/lib/topology";
import { IMPORT_RULES as R } from "./import-findings";
import { isIngress, refOf, type Ingress } from "./k8s-types";
import { untranslatedHint } from "./nginx-annotation-hints";
import { NGINX_PREFIX, type NginxSettings } from "./nginx-settings";
import type { ImportContext, SourceReader } from "./source-reader";

const CORS_METHODS = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const CORS_HEADERS =
  "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const SESSION_COOKIE_TRANSLATED = new Set(["name", "path", "max-age", "expires"]);

/** ingress-nginx's class names: `nginx` and classes of other installations of it (`nginx-internal`). */
export function isNginxClass(cls: string): boolean {
  return cls === "nginx" || cls.startsWith("nginx-") || cls.endsWith("-nginx");
}

export function ingressClass(ing: Ingress): string {
  return ing.spec?.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"] ?? "istio";
}

const list = (v: string) =>
  v
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `8m`, `512k`, `1g`, `100` (bytes) as NGINX sizes; `0` means no limit. */
export function nginxSize(v: string): number | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v.trim());
  if (!m) return undefined;
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  return Number(m[1]) * unit;
}

function corsOrigin(o: string): StringMatch {
  if (o === "*") return { exact: "*" };
  // ingress-nginx allows one wildcard label: https://*.example.com[:port]
  const m = /^([a-z][a-z0-9+.-]*:\/\/)\*\.(.+)$/i.exec(o);
  if (m) return { regex: `${escape(m[1]!)}[^.]+\\.${escape(m[2]!)}` };
  return { exact: o };
}

/**
 * Reads the ingress-nginx annotations of one Ingress: what becomes topology is returned, every
 * other `nginx.ingress.kubernetes.io/*` annotation is reported with what to do instead.
 */
export function readNginxAnnotations(ing: Ingress, ctx: ImportContext): NginxSettings {
  const all = ing.metadata.annotations ?? {};
  const a = new Map<string, string>();
  for (const [k, v] of Object.entries(all))
    if (k.startsWith(NGINX_PREFIX)) a.set(k.slice(NGINX_PREFIX.length), String(v));
  const s: NginxSettings = {
    useRegex: false,
    forceSslRedirect: false,
    preserveTrailingSlash: false,
    translated: new Set(),
  };
  const used = (...names: string[]) => names.forEach((n) => a.has(n) && s.translated.add(n));
  const bool = (n: string) => a.get(n)?.trim().toLowerCase() === "true";
  const seconds = (n: string) => {
    const v = a.get(n)?.trim();
    return v && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const noEffect = new Set<string>();
  const ignored = (n: string, why: string) => {
    noEffect.add(n);
    ctx.report(
      R.annotationNotTranslated,
      ing,
      `Ingress ${refOf(ing)}: annotation ${NGINX_PREFIX}${n} ${why}.`,
      "Remove it, or set what it depends on so it takes effect.",
    );
  };
  const approximated = (message: string, hint: string) =>
    ctx.report(R.approximated, ing, `Ingress ${refOf(ing)}: ${message}`, hint);

  s.useRegex = bool("use-regex");
  used("use-regex");
  const target = a.get("rewrite-target");
  if (target !== undefined) {
    if (/\$(?!\d)/.test(target)) {
      ignored("rewrite-target", `uses NGINX variables (${target}), which have no Istio equivalent`);
    } else {
      s.rewriteTarget = target;
      used("rewrite-target");
    }
  }
  if (a.has("ssl-redirect")) {
    s.sslRedirect = bool("ssl-redirect");
    used("ssl-redirect");
  }
  s.forceSslRedirect = bool("force-ssl-redirect");
  s.preserveTrailingSlash = bool("preserve-trailing-slash");
  used("force-ssl-redirect", "preserve-trailing-slash");

  // Temporal before permanent, and codes outside ingress-nginx's ranges fall back, as it does.
  const codeOf = (n: string, lo: number, hi: number, fallback: number) => {
    const c = Number(a.get(n));
    return Number.isInteger(c) && c >= lo && c <= hi ? c : fallback;
  };
  const toRedirect = (url: string, code: number) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const allowed = [301, 302, 303, 307, 308] as const;
    const c = allowed.find((x) => x === code);
    if (!c) approximated(`redirect code ${code} is answered as 302.`, "Use 301, 302, 303, 307 or 308.");
    return {
      scheme: u.protocol.replace(":", "") as "http" | "https",
      authority: u.host,
      uri: `${u.pathname}${u.search}`,
      code: c ?? 302,
    };
  };
  if (a.get("temporal-redirect")) {
    s.redirect = toRedirect(a.get("temporal-redirect")!, codeOf("temporal-redirect-code", 300, 307, 302));
    if (s.redirect) used("temporal-redirect", "temporal-redirect-code");
  } else if (a.get("permanent-redirect")) {
    s.redirect = toRedirect(a.get("permanent-redirect")!, codeOf("permanent-redirect-code", 300, 308, 301));
    if (s.redirect) used("permanent-redirect", "permanent-redirect-code");
  }
  if (a.get("app-root")) {
    s.appRoot = a.get("app-root");
    used("app-root");
  }

  if (bool("canary")) {
    const total = Number(a.get("canary-weight-total") ?? 100) || 100;
    const weight = a.has("canary-weight") ? Number(a.get("canary-weight")) : undefined;
    s.canary = {};
    if (weight !== undefined && Number.isFinite(weight)) {
      const pct = Math.max(0, Math.min(100, (weight * 100) / total));
      if (!Number.isInteger(pct))
        approximated(
          `canary weight ${weight} of ${total} is rounded to ${Math.round(pct)}%.`,
          "Istio weights are whole percent; pick a weight that divides evenly.",
        );
      s.canary.weight = Math.round(pct);
    }
    const header = a.get("canary-by-header");
    if (header) {
      s.canary.header = {
        name: header.toLowerCase(),
        ...(a.get("canary-by-header-value")
          ? { value: a.get("canary-by-header-value") }
          : a.get("canary-by-header-pattern")
            ? { pattern: a.get("canary-by-header-pattern") }
            : {}),
      };
    } else
      for (const n of ["canary-by-header-value", "canary-by-header-pattern"])
        if (a.has(n)) ignored(n, "has no effect without canary-by-header");
    if (a.get("canary-by-cookie")) s.canary.cookie = a.get("canary-by-cookie");
    used(
      "canary",
      "canary-weight",
      "canary-weight-total",
      "canary-by-header",
      "canary-by-header-value",
      "canary-by-header-pattern",
      "canary-by-cookie",
    );
  } else {
    for (const n of a.keys()) if (n.startsWith("canary-")) ignored(n, 'has no effect without canary: "true"');
    if (a.has("canary")) used("canary");
  }

  const protocol = a.get("backend-protocol")?.trim().toUpperCase();
  if (protocol === "HTTP" || protocol === "HTTPS" || protocol === "GRPC" || protocol === "GRPCS") {
    s.backendProtocol = protocol;
    used("backend-protocol");
  }
  const connect = seconds("proxy-connect-timeout");
  if (connect !== undefined) {
    s.connectTimeout = `${connect}s`;
    used("proxy-connect-timeout");
  }
  const read = seconds("proxy-read-timeout");
  const send = seconds("proxy-send-timeout");
  if (read !== undefined || send !== undefined) {
    // Note: NGINX times the gaps between reads and writes, Envoy the whole response; the larger
    // of the two keeps every request NGINX let finish within one gap.
    s.timeout = `${Math.max(read ?? 0, send ?? 0)}s`;
    used("proxy-read-timeout", "proxy-send-timeout");
    approximated(
      `proxy read/send timeouts become a ${s.timeout} timeout for the whole response.`,
      "Raise it for backends that stream long responses.",
    );
  }

  if (bool("enable-cors")) {
    const cors: Cors = {
      allowOrigins: list(a.get("cors-allow-origin") ?? "*").map(corsOrigin),
      allowMethods: list(a.get("cors-allow-methods") ?? CORS_METHODS).map((m) => m.toUpperCase()),
      allowHeaders: list(a.get("cors-allow-headers") ?? CORS_HEADERS),
      exposeHeaders: list(a.get("cors-expose-headers") ?? ""),
      allowCredentials: a.has("cors-allow-credentials") ? bool("cors-allow-credentials") : true,
      maxAge: `${seconds("cors-max-age") ?? 1728000}s`,
    };
    s.cors = cors;
    used(
      "enable-cors",
      "cors-allow-origin",
      "cors-allow-methods",
      "cors-allow-headers",
      "cors-expose-headers",
      "cors-allow-credentials",
      "cors-max-age",
    );
  } else {
    for (const n of a.keys())
      if (n.startsWith("cors-")) ignored(n, 'has no effect without enable-cors: "true"');
    if (a.has("enable-cors")) used("enable-cors");
  }

  if (a.get("upstream-vhost")) {
    s.upstreamVhost = a.get("upstream-vhost");
    used("upstream-vhost");
  }
  if (a.get("x-forwarded-prefix")) {
    s.xForwardedPrefix = a.get("x-forwarded-prefix");
    used("x-forwarded-prefix");
  }
  if (a.get("whitelist-source-range")) {
    s.allowSourceRange = list(a.get("whitelist-source-range")!);
    used("whitelist-source-range");
  }
  if (a.get("denylist-source-range")) {
    s.denySourceRange = list(a.get("denylist-source-range")!);
    used("denylist-source-range");
  }

  if (a.get("affinity") === "cookie") {
    const maxAge = seconds("session-cookie-max-age") ?? seconds("session-cookie-expires");
    s.sessionCookie = {
      name: a.get("session-cookie-name") || "INGRESSCOOKIE",
      ...(a.get("session-cookie-path") ? { path: a.get("session-cookie-path") } : {}),
      ttl: `${maxAge ?? 0}s`,
    };
    used("affinity", ...[...SESSION_COOKIE_TRANSLATED].map((n) => `session-cookie-${n}`));
  } else if (a.has("affinity")) {
    ignored("affinity", `has type ${a.get("affinity")}; ingress-nginx knows only cookie`);
  }

  const size = a.has("proxy-body-size") ? nginxSize(a.get("proxy-body-size")!) : undefined;
  if (size !== undefined) {
    if (size > 0) s.maxRequestBodyBytes = size;
    used("proxy-body-size");
  }

  // Everything left is reported once, with what to do instead.
  for (const n of [...a.keys()].sort()) {
    if (s.translated.has(n) && !(s.canary && !s.canary.header && /^canary-by-header-/.test(n))) continue;
    if ((!s.canary && n.startsWith("canary-")) || (!s.cors && n.startsWith("cors-")) || n === "affinity")
      continue; // already reported as having no effect
    ctx.report(
      R.annotationNotTranslated,
      ing,
      `Ingress ${refOf(ing)}: annotation ${NGINX_PREFIX}${n} is not translated.`,
      untranslatedHint(n),
    );
  }
  return s;
}

/** Reads the ingress-nginx annotations of every Ingress of an ingress-nginx class. */
export const nginxAnnotationReader: SourceReader = {
  name: "ingress-nginx annotations",
  read(objects: readonly K8sObject[], ctx: ImportContext) {
    for (const o of objects) {
      if (!isIngress(o) || !isNginxClass(ingressClass(o))) continue;
      ctx.nginx.set(refOf(o), readNginxAnnotations(o, ctx));
    }
  },
};
