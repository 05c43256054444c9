// CSRF defence for cookie-authenticated mutations: a double-submit token bound to the session
// (cookie portico_csrf, echoed in the x-csrf-token header, equal to the session's stored secret),
// plus an Origin check when the browser sends one. Bearer-token requests skip this: browsers never
// attach bearer tokens on their own.
import { AppError } from "@/lib/errors/app-error";
import { CSRF_COOKIE, CSRF_HEADER, parseCookies } from "./session";
import { safeEqual } from "./tokens";

export const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isMutation(method: string): boolean {
  return MUTATING_METHODS.has(method.toUpperCase());
}

/** The host the client addressed, honouring a reverse proxy's X-Forwarded-Host. */
function requestHost(req: Request): string {
  return (
    req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ||
    req.headers.get("host") ||
    new URL(req.url).host
  );
}

/** Refuses a cross-site request: an Origin that names another host than the one addressed. */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("FORBIDDEN", "This request came from an unrecognised origin and was refused.");
  }
  if (originHost !== requestHost(req)) {
    throw new AppError(
      "FORBIDDEN",
      `Cross-site request refused: origin ${origin} does not match this server.`,
    );
  }
}

/** Checks the double-submit token against the session's secret. */
export function assertCsrf(req: Request, sessionCsrf: string): void {
  assertSameOrigin(req);
  const header = req.headers.get(CSRF_HEADER);
  const cookie = parseCookies(req.headers.get("cookie")).get(CSRF_COOKIE);
  if (!header || !cookie || !safeEqual(header, cookie) || !safeEqual(header, sessionCsrf)) {
    throw new AppError(
      "FORBIDDEN",
      `Missing or invalid CSRF token. Send the value of the ${CSRF_COOKIE} cookie in the ${CSRF_HEADER} header.`,
    );
  }
}
