// The signed-in user for server components, layouts and server actions (which read cookies
// through next/headers). Route handlers use `route()` instead, which reads the Request.
import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Permission, type PermissionScope } from "./permissions";
import type { Principal } from "./principal";
import { resolveSession, SESSION_COOKIE } from "./session";

/** Resolved once per request, however many components ask. */
export const getCurrentUser = cache(async (): Promise<Principal | null> => {
  const store = await cookies();
  return resolveSession(store.get(SESSION_COOKIE)?.value);
});

/** The user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Principal> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** The user when they hold `permission`; otherwise the 403 page (app/forbidden.tsx). */
export async function requirePermission(permission: Permission, scope?: PermissionScope): Promise<Principal> {
  const user = await requireUser();
  if (!can(user, permission, scope)) forbidden();
  return user;
}
