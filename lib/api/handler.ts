// The wrapper every API route handler goes through: it authenticates the caller (session cookie or
// bearer token), checks CSRF on cookie-authenticated mutations, enforces the named permission,
// parses input with zod, maps errors to JSON and tags the response with x-request-id.
//
//   // Grants a role to a user. Permission: user:manage
//   export const POST = route({ permission: "user:manage", body: grantSchema }, async ({ user, body, params }) => {
//     ...
//     return json(binding, { status: 201 });
//   });
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { authenticate } from "@/lib/auth/authenticate";
import { assertCsrf, assertSameOrigin, isMutation } from "@/lib/auth/csrf";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { AppError, errorResponse, fromZodError, toAppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/log/logger";
import { assertCleanUrl, assertCleanValue, hostileStringReason } from "@/lib/api/hostile-input";
import type { AnyRouteOptions } from "@/lib/api/endpoints";

/** `"public"` marks the few handlers that serve anonymous callers (health, sign-in, 404s). */
export type RoutePermission = Permission | "public";

export const DEFAULT_MAX_BYTES = 1024 * 1024;

export type RouteOptions<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends RoutePermission,
> = {
  permission: P;
  body?: B;
  query?: Q;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBytes?: number;
  /**
   * The success body's shape as JSON (dates as ISO strings): the OpenAPI description and the
   * browser's types derive from it. Checked on every answer outside production.
   */
  response?: z.ZodType;
};

/** What Next.js passes as the second argument of a route handler. */
export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type HandlerArgs<B, Q, P extends RoutePermission> = {
  req: Request;
  user: P extends "public" ? Principal | null : Principal;
  body: B extends z.ZodType ? z.infer<B> : undefined;
  query: Q extends z.ZodType ? z.infer<Q> : undefined;
  /** Dynamic segments; catch-all segments are joined with "/". */
  params: Record<string, string>;
  requestId: string;
};

/** A handler returns a Response, or data that is sent as JSON with status 200. */
export type Handler<B, Q, P extends RoutePermission> = (
  args: HandlerArgs<B, Q, P>,
) => Promise<Response | unknown>;

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export function noContent(init?: ResponseInit): Response {
  return new Response(null, { ...init, status: 204 });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function requestIdOf(req: Request): string {
  const incoming = req.headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError(
      "PAYLOAD_TOO_LARGE",
      `The request body is larger than the ${maxBytes}-byte limit of this endpoint.`,
    );
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function parseBody(req: Request, schema: z.ZodType, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  let value: unknown = undefined;
  if (text.trim() !== "") {
    const type = req.headers.get("content-type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send the request body as JSON with Content-Type: application/json.",
      );
    }
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw AppError.badRequest(`The request body is not valid JSON (${(err as Error).message}).`);
    }
    assertCleanValue(value);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    if (value === undefined)
      throw AppError.badRequest(
        "The request body is empty: send a JSON object with Content-Type: application/json.",
      );
    throw fromZodError(parsed.error, "request body");
  }
  return parsed.data;
}

function parseQuery(req: Request, schema: z.ZodType): unknown {
  const raw: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(req.url).searchParams) {
    const prev = raw[key];
    raw[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, "query string");
  return parsed.data;
}

async function resolveParams(ctx: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await ctx?.params) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join("/") : v;
    const reason = hostileStringReason(value, `The path segment ${k}`, false);
    if (reason) throw AppError.badRequest(reason);
    out[k] = value;
  }
  return out;
}

// Note: production trusts the handlers; development and the tests check each answer, so a route's
// tests prove that its schema (and the browser types inferred from it) say what it sends.
const CHECK_RESPONSES = process.env.NODE_ENV !== "production";

async function assertResponseShape(req: Request, response: Response, schema: z.ZodType): Promise<void> {
  if (!response.ok || response.status === 204) return;
  if (!/json/i.test(response.headers.get("content-type") ?? "")) return;
  const parsed = schema.safeParse(await response.clone().json());
  if (!parsed.success)
    throw new AppError(
      "INTERNAL",
      `The answer of ${req.method} ${new URL(req.url).pathname} does not match its response schema: ${z.prettifyError(parsed.error)}`,
    );
}

export function route<
  P extends RoutePermission,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(options: RouteOptions<B, Q, P>, handler: Handler<B, Q, P>) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Note: the options ride along on the handler so the OpenAPI description (lib/api/openapi.ts)
  // reads the very schemas the handler parses with and cannot drift from them.
  return Object.assign(handle, {
    routeOptions: options as AnyRouteOptions,
  });
  async function handle(req: Request, ctx: RouteContext): Promise<Response> {
    const requestId = requestIdOf(req);
    const started = Date.now();
    const headers = { "x-request-id": requestId };
    let user: Principal | null = null;
    try {
      // Hostile bytes are refused before anything (even authentication) touches the database.
      assertCleanUrl(req.url);
      const params = await resolveParams(ctx);
      user = await authenticate(req);
      const mutation = isMutation(req.method);
      if (mutation) {
        if (user?.via === "session") assertCsrf(req, user.csrfToken ?? "");
        else if (!user) assertSameOrigin(req);
      }
      if (options.permission !== "public") {
        if (!user) throw AppError.unauthenticated();
        if (!can(user, options.permission)) {
          throw AppError.forbidden(
            `Your role does not allow this action (it needs the ${options.permission} permission).`,
          );
        }
      }
      const body = options.body ? await parseBody(req, options.body, maxBytes) : undefined;
      const query = options.query ? parseQuery(req, options.query) : undefined;
      const result = await handler({ req, user, body, query, params, requestId } as HandlerArgs<B, Q, P>);
      const response = result instanceof Response ? result : json(result ?? null);
      if (options.response && CHECK_RESPONSES) await assertResponseShape(req, response, options.response);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (err) {
      const appError = toAppError(err);
      const log = {
        requestId,
        method: req.method,
        path: new URL(req.url).pathname,
        userId: user?.id,
        code: appError.code,
        ms: Date.now() - started,
      };
      if (appError.status >= 500) logger.error({ ...log, err: appError.cause ?? err }, "request failed");
      else logger.info(log, "request refused");
      return errorResponse(appError, headers);
    }
  }
}
