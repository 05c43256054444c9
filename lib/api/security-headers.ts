// The response headers every page and API answer carries. Pages get a nonce-based Content
// Security Policy: Next.js reads the nonce from the request's CSP header and puts it on its own
// scripts, so nothing else may run.
import { currentSetting } from "@/lib/env";

export type SecurityHeaderOptions = {
  /** A fresh random value per request; pages only. */
  nonce?: string;
  /** The request reached Portico over https (directly or through its proxy). */
  https: boolean;
  /** `next dev` needs eval for React's debugging aids. */
  development?: boolean;
};

/** The page policy: only Portico's own scripts carrying this request's nonce. */
export function pageContentSecurityPolicy(nonce: string, opts: { https: boolean; development?: boolean }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ""}`,
    // Note: `next dev` injects CSS as <style> elements without the nonce (hot reload, dev overlay);
    // a production build links its CSS files.
    opts.development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // Note: React renders `style` attributes (the topology picture positions its nodes with them);
    // attributes cannot run script, so they are allowed while <style> elements need the nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** JSON answers embed nothing and may not be framed. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": opts.nonce ? pageContentSecurityPolicy(opts.nonce, opts) : API_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  // Note: HSTS over plain http is ignored by browsers and would pin a local demo to https if it
  // were ever honoured, so it is sent only when the request arrived over https.
  if (opts.https) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/**
 * Whether the browser reached Portico over https: its public URL says so, or the request (or the
 * proxy in front, through X-Forwarded-Proto) arrived that way.
 */
export function arrivedOverHttps(req: Request, publicUrl = currentSetting("PORTICO_PUBLIC_URL")): boolean {
  if (publicUrl?.startsWith("https:")) return true;
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? new URL(req.url).protocol.replace(":", "")) === "https";
}
