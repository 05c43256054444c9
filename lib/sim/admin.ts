import { type IncomingMessage, type ServerResponse } from "node:http";
import { type AccessRule } from "./access";
import { type Faults, validateFaults } from "./faults";
import { ApiError, errors } from "./status";
import { send, sendError } from "./http-io";

/** What the admin API needs from the running simulator. */
export interface AdminControl {
  adminToken: string;
  clusterNames(): string[];
  describe(): unknown;
  getFaults(cluster: string): Faults;
  setFaults(cluster: string, faults: Faults): Promise<Faults>;
  counters(cluster: string): unknown;
  resetCounters(cluster: string): void;
  addToken(
    cluster: string,
    spec: { user: string; rules: AccessRule[]; token?: string; groups?: string[] },
  ): { token: string; user: string };
  runCompetingWriter(cluster: string): number;
  /** Gateways with their load-balancer addresses and bound ports, and the mesh entry. */
  dataPlane(cluster: string): unknown;
  /** Access-log lines of a gateway Deployment ("ns/name") or of the mesh entry ("mesh"). */
  accessLog(cluster: string, proxy: string, limit: number): string[] | undefined;
}

function bad(message: string): ApiError {
  return errors.badRequest(message);
}

function json(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const v = JSON.parse(body.toString("utf8")) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
    return v as Record<string, unknown>;
  } catch (e) {
    throw bad(`invalid JSON body: ${(e as Error).message}`);
  }
}

/**
 * /_sim/clusters                         GET: clusters, servers and tokens
 * /_sim/clusters/NAME/faults             GET, PUT (replace), PATCH (merge), DELETE (heal)
 * /_sim/clusters/NAME/counters           GET, DELETE (reset)
 * /_sim/clusters/NAME/tokens             POST {user, rules, token?}
 * /_sim/clusters/NAME/competing-writer   POST: one pass of the competing writer now
 * /_sim/clusters/NAME/dataplane          GET: gateway addresses and ports, the mesh entry
 * /_sim/clusters/NAME/accesslog?proxy=NS/DEPLOYMENT|mesh&limit=N
 *                                        GET: Envoy's default access log (text), newest last
 */
export function createAdminHandler(ctl: AdminControl) {
  return async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    try {
      const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
      if (!auth || auth[1]!.trim() !== ctl.adminToken) throw errors.unauthorized();
      const segs = new URL(req.url ?? "/", "http://sim").pathname.split("/").filter((s) => s.length > 0);
      const method = req.method ?? "GET";
      if (segs.length === 2 && segs[1] === "clusters" && method === "GET")
        return send(res, 200, ctl.describe());
      if (segs.length !== 4 || segs[1] !== "clusters") throw errors.noRoute();
      const name = segs[2]!;
      if (!ctl.clusterNames().includes(name))
        throw new ApiError(404, "NotFound", `cluster "${name}" not found`);
      const what = segs[3];
      if (what === "faults") {
        if (method === "GET") return send(res, 200, ctl.getFaults(name));
        if (method === "DELETE") return send(res, 200, await ctl.setFaults(name, {}));
        if (method === "PUT" || method === "PATCH") {
          let f: Faults;
          try {
            f = validateFaults(method === "PUT" ? json(body) : { ...ctl.getFaults(name), ...json(body) });
          } catch (e) {
            throw bad((e as Error).message);
          }
          return send(res, 200, await ctl.setFaults(name, f));
        }
      }
      if (what === "counters") {
        if (method === "GET") return send(res, 200, ctl.counters(name));
        if (method === "DELETE") {
          ctl.resetCounters(name);
          return send(res, 200, ctl.counters(name));
        }
      }
      if (what === "tokens" && method === "POST") {
        const b = json(body);
        if (typeof b.user !== "string" || !Array.isArray(b.rules))
          throw bad("tokens need user (string) and rules (array)");
        return send(res, 201, ctl.addToken(name, b as { user: string; rules: AccessRule[]; token?: string }));
      }
      if (what === "dataplane" && method === "GET") return send(res, 200, ctl.dataPlane(name));
      if (what === "accesslog" && method === "GET") {
        const q = new URL(req.url ?? "/", "http://sim").searchParams;
        const proxy = q.get("proxy") ?? "";
        const limit = Math.min(Math.max(Number(q.get("limit") ?? 1000) || 1000, 1), 5000);
        if (proxy !== "mesh" && !/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(proxy))
          throw bad("accesslog needs proxy=NAMESPACE/DEPLOYMENT of a gateway, or proxy=mesh");
        const lines = ctl.accessLog(name, proxy, limit);
        if (!lines) throw new ApiError(404, "NotFound", "this simulator runs without a data plane");
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
        res.end(lines.map((l) => l + "\n").join(""));
        return;
      }
      if (what === "competing-writer" && method === "POST")
        return send(res, 200, { changed: ctl.runCompetingWriter(name) });
      throw errors.noRoute();
    } catch (e) {
      sendError(res, e);
    }
  };
}
