// The wrapper for server actions, the counterpart of route(): authenticate from the session
// cookie, enforce the permission, parse input with zod, and return errors as data (server actions
// cannot carry an HTTP status).
//
//   "use server";
//   export const renameCluster = action("cluster:write", renameSchema, async (input, { user, requestId }) => { ... });
//
// Note: Next.js already refuses server actions whose Origin differs from the host, which is the
// CSRF defence for actions; the double-submit token is only needed for route handlers.
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { AppError, fromZodError, toAppError, type ErrorBody } from "@/lib/errors/app-error";
import { logger } from "@/lib/api/request-logger";
import { assertCleanValue } from "@/lib/api/hostile-input";

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

export function action<S extends z.ZodType, R>(
  permission: Permission,
  schema: S,
  fn: (input: z.infer<S>, ctx: { user: Principal; requestId: string }) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    const requestId = randomUUID();
    try {
      const user = await getCurrentUser();
      if (!user) throw AppError.unauthenticated();
      if (!can(user, permission))
        throw AppError.forbidden(
          `Your role does not allow this action (it needs the ${permission} permission).`,
        );
      assertCleanValue(input);
      const parsed = schema.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error, "form");
      return { ok: true, data: await fn(parsed.data, { user, requestId }) };
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status >= 500)
        logger.error({ requestId, permission, err: appError.cause ?? err }, "action failed");
      return { ok: false, ...appError.toJSON() };
    }
  };
}
