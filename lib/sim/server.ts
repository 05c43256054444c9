import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Identity } from "./access";
import { type Cluster } from "./cluster";
import { decide, matchesFault } from "./faults";
import {
  AGGREGATED_V2,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreVersions,
  versionInfo,
  wantsAggregated,
} from "./discovery";
import { type KObject, isPlainObject } from "./json";
import { type ResourceType, groupVersion, qualifiedName } from "./resources";
import { ApiError, errors } from "./status";
import { toTable, wantsTable } from "./table";
import { partialObjectMetadata, partialObjectMetadataList, wantsPartialMetadata } from "./partial-metadata";
import { serveWatch } from "./watch";
import { parseBody, readBody, send, sendError } from "./http-io";
import { handleScale } from "./scale";
import { review } from "./reviews";

export interface ServerOptions {
  bookmarkIntervalMs: number;
  /** Serves /_sim/ admin requests arriving on a cluster port. */
  admin?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;
}

interface Route {
  rt: ResourceType;
  ns?: string;
  name?: string;
  sub?: string;
}

function parseRoute(cluster: Cluster, segs: string[]): Route | "discovery" | undefined {
  let group: string, version: string, rest: string[];
  if (segs[0] === "api") {
    if (segs.length <= 2) return "discovery";
    group = "";
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === "apis") {
    if (segs.length <= 3) return "discovery";
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  let ns: string | undefined;
  if (
    rest[0] === "namespaces" &&
    rest.length >= 3 &&
    !(rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize"))
  ) {
    ns = rest[1];
    rest = rest.slice(2);
  }
  const rt = cluster.resource(group, version, rest[0]!);
  if (!rt || rest.length > 3) return undefined;
  if (rt.namespaced !== (ns !== undefined) && !(rt.namespaced && rest.length === 1)) return undefined;
  const sub = rest[2];
  if (sub !== undefined && !((sub === "status" && rt.status) || (sub === "scale" && rt.scale)))
    return undefined;
  return { rt, ns, name: rest[1], sub };
}

function verbOf(method: string, route: Route, q: URLSearchParams): string {
  switch (method) {
    case "GET":
    case "HEAD":
      if (route.name) return "get";
      return q.get("watch") === "true" || q.get("watch") === "1" ? "watch" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return route.name ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

/** kube-apiserver derives the default field manager from the user agent's first segment. */
function managerFor(req: IncomingMessage, q: URLSearchParams): string {
  const m = q.get("fieldManager");
  if (m) return m;
  const ua = req.headers["user-agent"] ?? "unknown";
  return ua.split("/")[0]!.slice(0, 128) || "unknown";
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function createClusterHandler(cluster: Cluster, opts: ServerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(cluster, opts, req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, e);
      else res.destroy();
    });
  };
}

async function handle(
  cluster: Cluster,
  opts: ServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = req.url ?? "/";
  const qi = raw.indexOf("?");
  const path = qi >= 0 ? raw.slice(0, qi) : raw;
  if (path.startsWith("/_sim/") && opts.admin) {
    const body = await readBody(req);
    return opts.admin(req, res, body);
  }
  const q = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : "");
  const method = req.method ?? "GET";
  const segs = path.split("/").filter((s) => s.length > 0);
  const route = parseRoute(cluster, segs);
  const isRoute = typeof route === "object";
  const verb = isRoute ? verbOf(method, route, q) : "get";
  const resourceName = isRoute
    ? qualifiedName(route.rt) + (route.sub ? `/${route.sub}` : "")
    : route === "discovery" || path === "/version"
      ? "discovery"
      : "other";
  cluster.counters.count(verb, resourceName, wantsPartialMetadata(req.headers.accept));

  const f = cluster.faults;
  if (matchesFault(f, verb, isRoute ? route.rt.resource : resourceName)) {
    if (f.latencyMs) await delay(f.latencyMs);
    const d = decide(f);
    if (d.action === "drop") {
      cluster.counters.fault("drop");
      req.socket.destroy();
      return;
    }
    if (d.action === "throttle") {
      cluster.counters.fault("throttle");
      throw new ApiError(429, "TooManyRequests", "Too many requests, please try again later.", {
        retryAfterSeconds: d.retryAfterSeconds,
      });
    }
    if (d.action === "error") {
      cluster.counters.fault(`error${d.code}`);
      if (d.code === 503)
        throw new ApiError(
          503,
          "ServiceUnavailable",
          "The server is currently unable to handle the request",
          {},
        );
      throw new ApiError(500, "InternalError", "Internal error occurred: simulated failure", {});
    }
  }

  if (path === "/healthz" || path === "/livez" || path === "/readyz") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("ok");
    return;
  }
  let id: Identity;
  try {
    id = cluster.access.authenticate(req.headers.authorization);
  } catch (e) {
    cluster.counters.fault("unauthorized");
    throw e;
  }

  if (!isRoute) {
    if (method !== "GET") throw errors.methodNotAllowed();
    if (path === "/openapi/v2") {
      // An empty protobuf Document: kubectl's client-side validation then knows no schema and
      // skips it, and concludes that server-side field validation is unsupported.
      res.writeHead(200, {
        "Content-Type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
        "Content-Length": 0,
      });
      res.end();
      return;
    }
    if (
      segs.length === 1 &&
      (segs[0] === "api" || segs[0] === "apis") &&
      wantsAggregated(req.headers.accept)
    ) {
      return send(res, 200, aggregatedDiscovery(cluster.resources(), segs[0] === "api"), {
        "Content-Type": AGGREGATED_V2,
      });
    }
    const doc = discovery(cluster, segs, path);
    if (!doc) throw errors.noRoute();
    return send(res, 200, doc);
  }

  const { rt, ns, name, sub } = route;
  // Every authenticated user may ask what it is allowed to do (system:basic-user).
  if (!rt.review) {
    try {
      cluster.access.authorize(id, {
        verb,
        group: rt.group,
        resource: rt.resource + (sub ? `/${sub}` : ""),
        namespace: ns,
        name,
      });
    } catch (e) {
      cluster.counters.fault("forbidden");
      throw e;
    }
  }

  if (rt.review) {
    if (method !== "POST") throw errors.methodNotAllowed();
    const ct = String(req.headers["content-type"] ?? "application/json")
      .split(";")[0]!
      .trim();
    const body = parseBody(await readBody(req), ct);
    return send(res, 201, review(cluster, id, rt, body));
  }

  const dryRun = q.getAll("dryRun").includes("All");
  const contentType = String(req.headers["content-type"] ?? "application/json")
    .split(";")[0]!
    .trim();

  if (sub === "scale")
    return handleScale(
      cluster,
      req,
      res,
      route as Route & { name: string },
      verb,
      contentType,
      dryRun,
      managerFor(req, q),
    );

  switch (verb) {
    case "get": {
      const obj = cluster.get(rt, ns, name!);
      if (wantsTable(req.headers.accept))
        return send(
          res,
          200,
          toTable(rt, [obj], { resourceVersion: obj.metadata.resourceVersion }, q.get("includeObject")),
        );
      if (wantsPartialMetadata(req.headers.accept)) return send(res, 200, partialObjectMetadata(obj));
      return send(res, 200, obj);
    }
    case "list": {
      const limit = Number(q.get("limit") ?? "0");
      const r = cluster.list(rt, ns, {
        labelSelector: q.get("labelSelector"),
        fieldSelector: q.get("fieldSelector"),
        limit: Number.isFinite(limit) ? limit : 0,
        continue: q.get("continue"),
      });
      const metadata = {
        resourceVersion: r.resourceVersion,
        ...(r.continue ? { continue: r.continue, remainingItemCount: r.remainingItemCount } : {}),
      };
      if (wantsTable(req.headers.accept))
        return send(res, 200, toTable(rt, r.items, metadata, q.get("includeObject")));
      if (wantsPartialMetadata(req.headers.accept))
        return send(res, 200, partialObjectMetadataList(r.items, metadata));
      return send(res, 200, {
        kind: `${rt.kind}List`,
        apiVersion: groupVersion(rt),
        metadata,
        items: r.items,
      });
    }
    case "watch":
      return serveWatch(
        cluster,
        rt,
        ns,
        q,
        req,
        res,
        opts.bookmarkIntervalMs,
        wantsTable(req.headers.accept),
      );
    case "create": {
      const body = parseBody(await readBody(req), contentType);
      if (!isPlainObject(body)) throw errors.badRequest("the body of the request must be an object");
      return send(res, 201, cluster.create(rt, ns, body, { dryRun, manager: managerFor(req, q) }));
    }
    case "update": {
      const body = parseBody(await readBody(req), contentType);
      if (!isPlainObject(body)) throw errors.badRequest("the body of the request must be an object");
      return send(
        res,
        200,
        cluster.update(rt, ns, name!, body, { dryRun, manager: managerFor(req, q), subresource: sub }),
      );
    }
    case "patch": {
      const body = parseBody(await readBody(req), contentType);
      const force = q.get("force") === "true";
      if (contentType === "application/apply-patch+yaml") {
        const manager = q.get("fieldManager");
        if (!manager) {
          throw new ApiError(
            422,
            "Invalid",
            'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
            {
              group: "meta.k8s.io",
              kind: "PatchOptions",
              causes: [
                {
                  reason: "FieldValueRequired",
                  message: "Required value: is required for apply patch",
                  field: "fieldManager",
                },
              ],
            },
          );
        }
        const existed = !!cluster.store.get(`${rt.group}/${rt.resource}`, ns, name!);
        const obj = cluster.apply(rt, ns, name!, body as KObject, {
          dryRun,
          manager,
          force,
          subresource: sub,
        });
        return send(res, existed || dryRun ? 200 : 201, obj);
      }
      if (force) {
        throw new ApiError(
          422,
          "Invalid",
          'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
          {
            group: "meta.k8s.io",
            kind: "PatchOptions",
            causes: [
              {
                reason: "FieldValueForbidden",
                message: "Forbidden: may not be specified for non-apply patch",
                field: "force",
              },
            ],
          },
        );
      }
      return send(
        res,
        200,
        cluster.patch(rt, ns, name!, contentType, body, {
          dryRun,
          manager: managerFor(req, q),
          subresource: sub,
        }),
      );
    }
    case "delete": {
      const body = parseBody(await readBody(req), contentType) as KObject | undefined;
      const bodyDryRun = Array.isArray(body?.dryRun) && body.dryRun.includes("All");
      return send(
        res,
        200,
        cluster.delete(rt, ns, name!, { dryRun: dryRun || bodyDryRun, preconditions: body?.preconditions }),
      );
    }
    case "deletecollection": {
      const r = cluster.deleteCollection(rt, ns, {
        labelSelector: q.get("labelSelector"),
        fieldSelector: q.get("fieldSelector"),
        dryRun,
      });
      return send(res, 200, {
        kind: `${rt.kind}List`,
        apiVersion: groupVersion(rt),
        metadata: { resourceVersion: r.resourceVersion },
        items: r.items,
      });
    }
    default:
      throw errors.methodNotAllowed();
  }
}

function discovery(cluster: Cluster, segs: string[], path: string): unknown {
  const resources = cluster.resources();
  if (path === "/version" || path === "/version/") return versionInfo();
  if (segs[0] === "api") {
    if (segs.length === 1) return coreVersions();
    if (segs.length === 2) return apiResourceList(resources, "", segs[1]!);
  }
  if (segs[0] === "apis") {
    if (segs.length === 1) return apiGroupList(resources);
    if (segs.length === 2) return apiGroup(resources, segs[1]!);
    if (segs.length === 3) return apiResourceList(resources, segs[1]!, segs[2]!);
  }
  // /openapi/v3 deliberately 404s: kubectl falls back to /openapi/v2.
  return undefined;
}
