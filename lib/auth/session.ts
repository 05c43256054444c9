// Browser sessions stored in Postgres. The cookie carries a random 32-byte token; the table keeps
// its SHA-256 only. Expiry slides: each use pushes it SESSION_TTL_MS further, written at most once
// per SESSION_TOUCH_MS so that page loads do not each cost a write.
import { arrivedOverHttps } from "@/lib/api/security-headers";
import { prisma } from "@/lib/db/client";
import { currentSetting } from "@/lib/env";
import { bindingsInclude, toBindings, type Principal } from "./principal";
import { randomToken, sha256 } from "./tokens";

export const SESSION_COOKIE = "portico_session";
export const CSRF_COOKIE = "portico_csrf";
export const CSRF_HEADER = "x-csrf-token";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const SESSION_TOUCH_MS = 5 * 60 * 1000;

export type NewSession = { token: string; csrfToken: string; expiresAt: Date; id: string };

export async function createSession(
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null } = {},
): Promise<NewSession> {
  const token = randomToken(32);
  const csrfToken = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const session = await prisma.session.create({
    data: {
      tokenHash: sha256(token),
      userId,
      csrfToken,
      expiresAt,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    },
  });
  return { token, csrfToken, expiresAt, id: session.id };
}

/** The principal behind a session cookie value, or null when unknown, expired or disabled. */
export async function resolveSession(token: string | undefined | null): Promise<Principal | null> {
  if (!token || token.length > 200) return null;
  // One query for the session, its user and the user's bindings: every page and call pays for it.
  const session = await prisma.session.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { include: { roles: bindingsInclude } } },
  });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.user.disabled) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await prisma.session.updateMany({
      where: { id: session.id },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_TTL_MS) },
    });
  }
  return {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    bindings: toBindings(session.user.roles),
    via: "session",
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

export async function deleteSession(token: string | undefined | null): Promise<void> {
  if (!token) return;
  await prisma.session.deleteMany({ where: { tokenHash: sha256(token) } });
}

/**
 * Whether cookies must carry `Secure`: whenever served over https (directly, behind a proxy, or per
 * PORTICO_PUBLIC_URL), and in production unless PORTICO_PUBLIC_URL says plain http on purpose.
 */
export function secureCookies(req?: Request): boolean {
  const publicUrl = currentSetting("PORTICO_PUBLIC_URL");
  if (publicUrl?.startsWith("https:")) return true;
  if (req && arrivedOverHttps(req, publicUrl)) return true;
  return currentSetting("NODE_ENV") === "production" && !publicUrl?.startsWith("http:");
}

type CookieOptions = { httpOnly: boolean; secure: boolean; maxAge?: number };

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${value}`, "Path=/", "SameSite=Lax"];
  if (opts.httpOnly) parts.push("HttpOnly");
  if (opts.secure) parts.push("Secure");
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  return parts.join("; ");
}

/**
 * Set-Cookie values for a new session. Note: the cookies carry no Max-Age (they end with the
 * browser); the server-side expiry is what limits the session, and it slides with use.
 */
export function sessionCookies(session: Pick<NewSession, "token" | "csrfToken">, secure: boolean): string[] {
  return [
    serializeCookie(SESSION_COOKIE, session.token, { httpOnly: true, secure }),
    // Readable by the page's JavaScript on purpose: it sends the value back in x-csrf-token.
    serializeCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, secure }),
  ];
}

export function clearSessionCookies(secure: boolean): string[] {
  return [
    serializeCookie(SESSION_COOKIE, "", { httpOnly: true, secure, maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, "", { httpOnly: false, secure, maxAge: 0 }),
  ];
}

/** Cookie values from a Cookie header (route handlers read the Request, not next/headers). */
export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (out.has(name)) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}
