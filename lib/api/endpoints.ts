// The endpoint registry, derived from the route modules: each handler made by
// `route({ permission, ... })` carries its options, so a route file is the one declaration of its
// method, path (where it sits in app/api) and permission. app/api/route-modules.ts lists the
// modules (generated: `npm run routes:generate`); test/permission-table.test.ts walks every role
// against every endpoint derived here, and lib/api/openapi.ts describes them.
import type { z } from "zod";
import type { RouteOptions, RoutePermission } from "./handler";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type AnyRouteOptions = RouteOptions<z.ZodType | undefined, z.ZodType | undefined, RoutePermission>;

/** A route module as app/api/route-modules.ts imports it. */
export type RouteModuleLike = Partial<
  Record<HttpMethod, { routeOptions?: AnyRouteOptions } | ((...args: never[]) => unknown)>
>;

export type Endpoint = {
  method: HttpMethod;
  /** Path as in app/api, with dynamic segments in brackets. */
  path: string;
  permission: RoutePermission;
  options: AnyRouteOptions;
};

function optionsOf(handler: unknown): AnyRouteOptions | undefined {
  if (typeof handler !== "function") return undefined;
  return (handler as { routeOptions?: AnyRouteOptions }).routeOptions;
}

/** Every handler of the modules made by `route()`, in path then method order. */
export function endpointsOf(modules: Record<string, RouteModuleLike>): Endpoint[] {
  const out: Endpoint[] = [];
  for (const path of Object.keys(modules).sort()) {
    for (const method of HTTP_METHODS) {
      const options = optionsOf(modules[path]![method]);
      if (options) out.push({ method, path, permission: options.permission, options });
    }
  }
  return out;
}

/** Exported handlers that bypass `route()` (and so name no permission): `METHOD path` each. */
export function handlersWithoutRoute(modules: Record<string, RouteModuleLike>): string[] {
  const out: string[] = [];
  for (const [path, mod] of Object.entries(modules)) {
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler === "function" && !optionsOf(handler)) out.push(`${method} ${path}`);
    }
  }
  return out;
}

/** `/api/users/[id]/roles` with `{ id: "u1" }` → `/api/users/u1/roles`. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => params[name] ?? `sample-${name}`);
}
