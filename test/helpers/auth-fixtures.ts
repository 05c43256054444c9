// Users, sessions and requests for integration tests of authenticated route handlers.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { loadBindings, type Principal } from "@/lib/auth/principal";
import { createSession, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from "@/lib/auth/session";
import { fillPath, type HttpMethod } from "@/lib/api/endpoints";
import type { RouteContext } from "@/lib/api/handler";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTeam(slug = uniqueSlug("team"), productSlugs: string[] = []) {
  return prisma.team.create({
    data: { slug, name: slug, products: { create: productSlugs.map((s) => ({ slug: s, name: s })) } },
  });
}

/** A local user with the given roles (team-lead bindings need `teamId`) and TEST_PASSWORD. */
export async function createUser(
  roles: { role: Role; teamId?: string }[],
  email = `${uniqueSlug("user")}@test.portico`,
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await prisma.user.create({
    data: {
      email,
      name: email.split("@")[0]!,
      passwordHash: await passwordHash,
      roles: { create: roles.map((r) => ({ role: r.role, teamId: r.teamId ?? null })) },
    },
  });
  return user;
}

export async function principalOf(userId: string): Promise<Principal> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    bindings: await loadBindings(user.id),
    via: "session",
  };
}

/** Cookie and CSRF headers of a fresh session for the user, as a browser would send them. */
export async function sessionHeaders(
  userId: string,
  opts: { csrf?: boolean } = {},
): Promise<Record<string, string>> {
  const session = await createSession(userId);
  const headers: Record<string, string> = {
    cookie: `${SESSION_COOKIE}=${session.token}; ${CSRF_COOKIE}=${session.csrfToken}`,
  };
  if (opts.csrf !== false) headers[CSRF_HEADER] = session.csrfToken;
  return headers;
}

type RouteModule = Partial<Record<HttpMethod, (req: Request, ctx: RouteContext) => Promise<Response>>>;

/** Imports app/api/<path>/route.ts the way Next.js would resolve the URL. */
export async function loadRouteModule(routePath: string): Promise<RouteModule> {
  const file = path.resolve("app", `.${routePath}`, "route.ts");
  return (await import(file)) as RouteModule;
}

/**
 * Calls a route handler directly with a real Request, the way Next.js calls it.
 * `routePath` is the file-system path (`/api/users/[id]/roles`).
 */
export async function callRoute(
  method: HttpMethod,
  routePath: string,
  opts: {
    params?: Record<string, string>;
    body?: unknown;
    rawBody?: BodyInit;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): Promise<Response> {
  const mod = await loadRouteModule(routePath);
  const handler = mod[method];
  if (!handler) throw new Error(`${routePath} exports no ${method} handler`);
  const url = new URL(fillPath(routePath, opts.params), "http://portico.test");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(url, { method, headers, body });
  const params: Record<string, string | string[]> = {};
  for (const m of routePath.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) {
    const name = m[2]!;
    const value = opts.params?.[name] ?? `sample-${name}`;
    params[name] = m[1] ? value.split("/") : value;
  }
  return handler(req, { params: Promise.resolve(params) });
}
