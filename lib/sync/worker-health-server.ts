// The worker's own liveness and readiness over HTTP, for Kubernetes probes: the worker serves no
// other HTTP, so this is a bare node:http server with two paths.
//   GET /live   200 while the process answers (a database outage is not a reason to restart it)
//   GET /ready  200 while a job runner takes jobs and the database holds every migration, else 503
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { WorkerHandle } from "./worker";

export type WorkerHealthServer = { port: number; close(): Promise<void> };

export async function startWorkerHealthServer(
  worker: Pick<WorkerHandle, "readiness">,
  options: { port: number; host?: string },
): Promise<WorkerHealthServer> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return reply(405, { status: "method not allowed" });
    if (path === "/live") return reply(200, { status: "ok" });
    if (path === "/ready") {
      worker.readiness().then(
        (r) =>
          reply(r.ready ? 200 : 503, r.ready ? { status: "ok" } : { status: "degraded", reason: r.reason }),
        (err: unknown) => reply(503, { status: "degraded", reason: String(err) }),
      );
      return;
    }
    reply(404, { status: "not found", paths: ["/live", "/ready"] });
  });
  // Probes are short; a connection left open must not keep the worker from exiting on SIGTERM.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
