// Runs before every page and API route: refuses URLs with hostile bytes (malformed
// percent-encoding, NUL and other control characters) with 400 before any page parses them, and
// adds the security headers, with a fresh CSP nonce for each page.
import { NextResponse, type NextRequest } from "next/server";
import { hostileUrlReason } from "@/lib/api/hostile-input";
import { arrivedOverHttps, securityHeaders } from "@/lib/api/security-headers";
import { AppError, errorResponse } from "@/lib/errors/app-error";

export function proxy(request: NextRequest) {
  const api = request.nextUrl.pathname.startsWith("/api/");
  const https = arrivedOverHttps(request);
  const reason = hostileUrlReason(request.url);
  if (reason) {
    const refusal = api
      ? errorResponse(AppError.badRequest(reason))
      : new NextResponse(`Bad request: ${reason}\n`, {
          status: 400,
          headers: { "content-type": "text/plain; charset=utf-8" },
        });
    for (const [k, v] of Object.entries(securityHeaders({ https }))) refusal.headers.set(k, v);
    return refusal;
  }
  if (api) return withHeaders(NextResponse.next(), securityHeaders({ https }));

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const headers = securityHeaders({ nonce, https, development: process.env.NODE_ENV === "development" });
  // Note: Next.js finds the nonce in the request's CSP header and adds it to its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
  requestHeaders.set("x-nonce", nonce);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: ["/((?!_next/|favicon.ico).*)"],
};
