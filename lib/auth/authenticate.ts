// Who is calling, read from the Request itself (not next/headers), so route handlers behave the
// same under Next.js and when tests call them directly.
import { AppError } from "@/lib/errors/app-error";
import { resolveApiToken } from "./api-token";
import type { Principal } from "./principal";
import { parseCookies, resolveSession, SESSION_COOKIE } from "./session";

/**
 * A bearer token wins over a cookie. A bearer header that does not resolve is an error rather than
 * a fall-back to the cookie, so automation notices a revoked token at once.
 */
export async function authenticate(req: Request): Promise<Principal | null> {
  const authz = req.headers.get("authorization");
  if (authz) {
    const match = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!match?.[1])
      throw AppError.unauthenticated("Malformed Authorization header; use `Authorization: Bearer <token>`.");
    const principal = await resolveApiToken(match[1]);
    if (!principal) throw AppError.unauthenticated("The API token is unknown, revoked or expired.");
    return principal;
  }
  const token = parseCookies(req.headers.get("cookie")).get(SESSION_COOKIE);
  return token ? resolveSession(token) : null;
}
