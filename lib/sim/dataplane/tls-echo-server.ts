import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type Duplex } from "node:stream";
import { type SecureContext, TLSSocket } from "node:tls";
import { echo } from "./echo-backend";
import { type Endpoint } from "./endpoints";
import { flattenHeaders, hostWithoutPort, readBody } from "./http-parts";

/**
 * Echo backends that terminate TLS themselves: what a TLS PASSTHROUGH gateway server or a mesh
 * client's HTTPS tunnel reaches when the endpoint is a pod.
 */
export class TlsEchoServer {
  private readonly endpoints = new WeakMap<object, Endpoint & { kind: "pod" }>();
  private readonly http = createServer({ keepAlive: true }, (req, res) => void this.onRequest(req, res));

  /** Terminates TLS on socket with ctx and answers as the pod; onClose gets the raw bytes moved. */
  accept(
    socket: Duplex,
    ctx: SecureContext,
    ep: Endpoint & { kind: "pod" },
    onClose: (bytesIn: number, bytesOut: number) => void,
  ): void {
    const tls = new TLSSocket(socket, { isServer: true, secureContext: ctx, ALPNProtocols: ["http/1.1"] });
    tls.on("error", () => tls.destroy());
    tls.on("close", () => onClose(tls.bytesRead, tls.bytesWritten));
    this.endpoints.set(tls, ep);
    this.http.emit("connection", tls);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ep = this.endpoints.get(req.socket);
    await readBody(req);
    if (!ep) {
      res.writeHead(503).end();
      return;
    }
    const headers = flattenHeaders(req);
    const reply = echo(
      ep,
      {
        method: (req.method ?? "GET").toUpperCase(),
        path: req.url ?? "/",
        host: hostWithoutPort(headers.host),
        headers,
      },
      ep.owner,
    );
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res
      .writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(reply.body) })
      .end(reply.body);
  }

  close(): void {
    this.http.closeAllConnections();
  }
}
