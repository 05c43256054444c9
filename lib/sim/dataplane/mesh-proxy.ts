import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type Socket } from "node:net";
import { type Cluster } from "../cluster";
import { type ConfigSnapshot } from "./config-snapshot";
import { type DataPlaneHost } from "./cluster-data-plane";
import { flattenHeaders, hostWithoutPort, readBody } from "./http-parts";
import { routeIstioMesh } from "./istio-mesh";
import { FLAGS_HEADER, serveDecision } from "./proxy-request";
import { passThrough } from "./pass-through";
import { weightedPick } from "./routers";
import { ProxyTelemetry } from "./telemetry";
import { type InboundRequest, type Workload } from "./types";
import { podLabels } from "./workloads";

/** The header that names the calling workload, as the sidecar's identity would. */
export const SOURCE_HEADER = "x-portico-sim-source";

/** "payments", "payments.payments", "payments.payments.svc" → the Service's FQDN; others unchanged. */
export function qualifyMeshHost(host: string, namespace: string): string {
  const parts = host.split(".");
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  if (parts.length === 3 && parts[2] === "svc") return `${host}.cluster.local`;
  return host;
}

/**
 * The mesh entry of one cluster: an HTTP forward proxy on loopback through which a test or the
 * demo's traffic generator calls services as a workload's sidecar would. Plain HTTP requests are
 * routed by mesh-bound VirtualServices, DestinationRules, ServiceEntries and Services; CONNECT
 * tunnels (HTTPS to a ServiceEntry host such as a product gateway) pass TLS through untouched.
 */
export class MeshProxy {
  readonly telemetry = new ProxyTelemetry();
  private readonly server: Server;
  address = "";

  constructor(
    private readonly cluster: Cluster,
    private readonly snapshot: ConfigSnapshot,
    private readonly host: DataPlaneHost,
  ) {
    this.server = createServer({ keepAlive: true }, (req, res) => void this.onRequest(req, res));
    this.server.on("connect", (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.onConnect(req, socket, head),
    );
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const a = this.server.address();
    this.address = typeof a === "object" && a ? `127.0.0.1:${a.port}` : "";
    return this.address;
  }

  private source(value: string | string[] | undefined): Workload | undefined {
    const v = Array.isArray(value) ? value[0] : value;
    const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(v ?? "");
    if (!m) return undefined;
    const [, namespace, name] = m as unknown as [string, string, string];
    const d = this.snapshot
      .get()
      .deployments.find((x) => x.metadata.namespace === namespace && x.metadata.name === name);
    return { namespace, name, labels: d ? podLabels(d) : { app: name } };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (url.startsWith("/")) {
      // Not a proxy request: the mesh entry's own metrics.
      if (url.split("?")[0] === "/stats/prometheus") {
        res
          .writeHead(200, { "content-type": "text/plain; version=0.0.4" })
          .end(this.telemetry.prometheusText());
      } else res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    const source = this.source(req.headers[SOURCE_HEADER]);
    if (!source || body === undefined) {
      res
        .writeHead(400, { "content-type": "text/plain" })
        .end(`send ${SOURCE_HEADER}: NAMESPACE/WORKLOAD to say which workload calls (and at most 10 MiB)\n`);
      return;
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      res
        .writeHead(400, { "content-type": "text/plain" })
        .end("the request target must be an absolute http:// URL\n");
      return;
    }
    const headers = flattenHeaders(req);
    delete headers["proxy-connection"];
    delete headers[SOURCE_HEADER];
    const port = Number(target.port || 80);
    const inbound: InboundRequest = {
      port,
      targetPort: port,
      tls: false,
      method: (req.method ?? "GET").toUpperCase(),
      host: hostWithoutPort(target.host),
      path: `${target.pathname}${target.search}`,
      headers: { ...headers, host: target.host },
    };
    const decision = routeIstioMesh(this.snapshot.get(), source, inbound, weightedPick);
    const sock = req.socket;
    const downstream = {
      local: `${sock.localAddress}:${sock.localPort}`,
      remoteAddress: sock.remoteAddress ?? "",
      remotePort: sock.remotePort ?? 0,
    };
    await serveDecision(
      this.identity(source),
      downstream,
      this.host.picker,
      inbound,
      decision,
      req,
      res,
      body,
    );
  }

  private identity(source: Workload) {
    return {
      cluster: this.cluster.name,
      zone: this.cluster.zone,
      region: this.cluster.region,
      namespace: source.namespace,
      workload: source.name,
      ...(source.labels.app ? { app: source.labels.app } : {}),
      telemetry: this.telemetry,
    };
  }

  private onConnect(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const source = this.source(req.headers[SOURCE_HEADER]);
    const m = /^([^:]+):(\d+)$/.exec(req.url ?? "");
    if (!source || !m) {
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\nCONNECT HOST:PORT with ${SOURCE_HEADER}: NAMESPACE/WORKLOAD\n`,
      );
      return;
    }
    const host = qualifyMeshHost(m[1]!.toLowerCase(), source.namespace);
    const port = Number(m[2]);
    const r = this.host.picker.resolve(
      {
        cluster: this.cluster.name,
        zone: this.cluster.zone,
        region: this.cluster.region,
        proxyNamespace: source.namespace,
      },
      { host, port, fromNamespace: source.namespace },
    );
    if (r.kind === "fail") {
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\n${FLAGS_HEADER}: ${r.flag}\r\ncontent-type: text/plain\r\n\r\n${r.reason}\n`,
      );
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    passThrough(socket, head, r, this.identity(source), {
      echo: this.host.tlsEcho,
      context: this.host.backendContext(m[1]!),
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
