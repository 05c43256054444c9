// The load balancer in front of several web replicas in the tests and benchmarks that run them
// (test/replicas.test.ts, bench/replicas.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback reverse proxy sending each request to the next upstream in turn, as a Service or a
 * load balancer without affinity may. It appends the client's address to X-Forwarded-For and keeps
 * the Host header, and remembers which upstream answered each request.
 */
export async function startRoundRobinProxy(upstreams: number[], port = 0) {
  let next = 0;
  const served: { path: string; upstream: number }[] = [];
  const server = http.createServer((req, res) => {
    const upstream = next++ % upstreams.length;
    served.push({ path: `${req.method} ${req.url}`, upstream });
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress]
      .filter(Boolean)
      .join(", ");
    const out = http.request(
      {
        host: "127.0.0.1",
        port: upstreams[upstream],
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwardedFor },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    out.on("error", (err) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(String(err));
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    served,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
