import type { Cors, Redirect } from "@/lib/topology";

/** ingress-nginx's annotation prefix (its default; `--annotations-prefix` can change it). */
export const NGINX_PREFIX = "nginx.ingress.kubernetes.io/";

export interface NginxCanary {
  /** Share of requests in percent (canary-weight scaled to canary-weight-total). */
  weight?: number;
  /** Header deciding: `always`/`never`, or the configured value or pattern. */
  header?: { name: string; value?: string; pattern?: string };
  /** Cookie deciding: `always`/`never`. */
  cookie?: string;
}

/** What the annotations of one Ingress ask of ingress-nginx, in topology terms. */
export interface NginxSettings {
  useRegex: boolean;
  rewriteTarget?: string;
  /** Explicit `ssl-redirect`; absent means ingress-nginx's default (redirect when the host has TLS). */
  sslRedirect?: boolean;
  forceSslRedirect: boolean;
  /** `preserve-trailing-slash`: the https redirect keeps a trailing slash ingress-nginx drops by default. */
  preserveTrailingSlash: boolean;
  redirect?: Redirect;
  appRoot?: string;
  canary?: NginxCanary;
  backendProtocol?: "HTTP" | "HTTPS" | "GRPC" | "GRPCS";
  connectTimeout?: string;
  timeout?: string;
  cors?: Cors;
  upstreamVhost?: string;
  xForwardedPrefix?: string;
  allowSourceRange?: string[];
  denySourceRange?: string[];
  sessionCookie?: { name: string; path?: string; ttl: string };
  maxRequestBodyBytes?: number;
  /** Annotations (without prefix) that this import carries into the topology. */
  translated: Set<string>;
}
