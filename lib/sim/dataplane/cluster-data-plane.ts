import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { createSecureContext, TLSSocket, type SecureContext } from "node:tls";
import { type Cluster } from "../cluster";
import { type KObject } from "../json";
import { generateCa, issueServerCertificate } from "../tls";
import { type ConfigSnapshot } from "./config-snapshot";
import { reconcileGatewayApi } from "./gateway-api-controller";
import { type EndpointPicker } from "./endpoints";
import { flattenHeaders, hostWithoutPort, readBody } from "./http-parts";
import { parseClientHello } from "./client-hello";
import { passThrough } from "./pass-through";
import { replaySocket } from "./replay-socket";
import { type LoopbackAddresses } from "./loopback-addresses";
import { type Downstream, type ProxyIdentity, serveDecision } from "./proxy-request";
import { routerFor, type GatewayRouter } from "./routers";
import { ProxyTelemetry } from "./telemetry";
import { type TlsEchoServer } from "./tls-echo-server";
import { type ClusterConfig, type InboundRequest } from "./types";
import { gatewayServices, servicePorts, type GatewayService } from "./workloads";

/** What a cluster's data plane shares with the others of the simulator. */
export interface DataPlaneHost {
  addresses: LoopbackAddresses;
  picker: EndpointPicker;
  /** A certificate for a host, for echo backends that terminate TLS passed through a gateway. */
  backendContext(host: string): SecureContext;
  tlsEcho: TlsEchoServer;
  log(message: string): void;
}

let fake: SecureContext | undefined;

/**
 * ingress-nginx's default certificate, served when no Ingress's Secret covers the SNI name: a
 * self-signed "Kubernetes Ingress Controller Fake Certificate" for ingress.local.
 */
function fakeCertificate(): SecureContext {
  if (!fake) {
    const name = "Kubernetes Ingress Controller Fake Certificate";
    const pair = issueServerCertificate(generateCa(name), name, name, { dns: ["ingress.local"] });
    fake = createSecureContext({ cert: pair.cert, key: pair.key });
  }
  return fake;
}

/** Istio's merged Prometheus metrics port on a gateway pod (and so on its load balancer here). */
export const METRICS_PORT = 15020;

interface Port {
  port: number;
  targetPort: number;
  name?: string;
}

interface Listener {
  key: string;
  uid: string;
  address: string;
  gw: GatewayService;
  router: GatewayRouter;
  servers: Map<number, NetServer>;
  opening: Set<number>;
}

interface ConnContext {
  listener: Listener;
  port: Port;
  tls: boolean;
  sni?: string;
  downstream: Downstream;
}

function downstreamOf(socket: Socket): Downstream {
  return {
    local: `${socket.localAddress}:${socket.localPort}`,
    remoteAddress: socket.remoteAddress ?? "",
    remotePort: socket.remotePort ?? 0,
  };
}

/**
 * The data plane of one simulated cluster: every LoadBalancer Service in front of a gateway
 * Deployment gets a loopback address of its own, written to its status as a cloud load balancer
 * would, and serves its ports there once the Deployment is ready. Each connection is routed by the
 * objects the cluster holds at that moment.
 */
export class ClusterDataPlane {
  private readonly listeners = new Map<string, Listener>();
  private readonly conns = new WeakMap<object, ConnContext>();
  private readonly telemetries = new Map<string, ProxyTelemetry>();
  private readonly contexts = new Map<string, { version: string; ctx: SecureContext }>();
  private readonly gatewayHttp: HttpServer;
  private readonly adminHttp: HttpServer;
  private closed = false;

  constructor(
    readonly cluster: Cluster,
    private readonly snapshot: ConfigSnapshot,
    private readonly host: DataPlaneHost,
  ) {
    this.gatewayHttp = createHttpServer(
      { keepAlive: true },
      (req, res) => void this.onGatewayRequest(req, res),
    );
    this.adminHttp = createHttpServer({ keepAlive: true }, (req, res) => this.onAdminRequest(req, res));
    for (const s of [this.gatewayHttp, this.adminHttp]) s.keepAliveTimeout = 65_000;
  }

  config(): ClusterConfig {
    return this.snapshot.get();
  }

  /** The telemetry of a gateway Deployment ("ns/name"), created on first use. */
  telemetry(deployment: string): ProxyTelemetry {
    let t = this.telemetries.get(deployment);
    if (!t) this.telemetries.set(deployment, (t = new ProxyTelemetry()));
    return t;
  }

  /** Gateways with their addresses and bound ports, for the admin API and the ready line. */
  describe(): { service: string; workload: string; address: string; ready: boolean; ports: number[] }[] {
    return [...this.listeners.values()].map((l) => ({
      service: l.key,
      workload: `${l.gw.workload.namespace}/${l.gw.workload.name}`,
      address: l.address,
      ready: l.gw.ready,
      ports: [...l.servers.keys()].sort((a, b) => a - b),
    }));
  }

  /** The address of a gateway LoadBalancer Service ("ns/name"), if it has one. */
  addressOf(namespace: string, name: string): string | undefined {
    return this.listeners.get(`${namespace}/${name}`)?.address;
  }

  /** Brings addresses and listeners in line with the cluster's objects. Idempotent. */
  reconcile(): void {
    if (this.closed) return;
    reconcileGatewayApi(this.cluster, this.snapshot.get(), (ns, name) => this.addressOf(ns, name));
    if (this.cluster.loadBalancer !== "ip") return;
    const config = this.snapshot.get();
    const seen = new Set<string>();
    for (const gw of gatewayServices(config)) {
      const key = `${gw.service.metadata.namespace}/${gw.service.metadata.name}`;
      seen.add(key);
      let l = this.listeners.get(key);
      if (l && l.uid !== gw.service.metadata.uid) {
        this.closeListener(l, true);
        l = undefined;
      }
      if (!l) {
        const current = gw.service.status?.loadBalancer?.ingress?.[0]?.ip as string | undefined;
        const address = current && this.host.addresses.claim(current) ? current : this.host.addresses.next();
        l = {
          key,
          uid: gw.service.metadata.uid,
          address,
          gw,
          router: routerFor(gw),
          servers: new Map(),
          opening: new Set(),
        };
        this.listeners.set(key, l);
      }
      l.gw = gw;
      l.router = routerFor(gw);
      this.writeAddress(l);
      const wanted = new Map<number, Port>();
      if (gw.ready) {
        for (const p of servicePorts(gw.service)) wanted.set(p.port, p);
        if (!wanted.has(METRICS_PORT))
          wanted.set(METRICS_PORT, { port: METRICS_PORT, targetPort: METRICS_PORT, name: "metrics" });
      }
      for (const [port, server] of l.servers) {
        if (!wanted.has(port)) {
          server.close();
          l.servers.delete(port);
        }
      }
      for (const p of wanted.values()) if (!l.servers.has(p.port) && !l.opening.has(p.port)) this.open(l, p);
    }
    for (const [key, l] of this.listeners) if (!seen.has(key)) this.closeListener(l, true);
  }

  private writeAddress(l: Listener): void {
    const svc = l.gw.service;
    const ingress = svc.status?.loadBalancer?.ingress as KObject[] | undefined;
    if (ingress?.length === 1 && ingress[0]!.ip === l.address && !ingress[0]!.hostname) return;
    const rt = this.cluster.resource("", "v1", "services")!;
    this.cluster.writeStatus(rt, svc, {
      ...(svc.status ?? {}),
      loadBalancer: { ingress: [{ ip: l.address, ipMode: "VIP" }] },
    });
  }

  private open(l: Listener, p: Port): void {
    l.opening.add(p.port);
    // Without noDelay, Nagle and delayed ACKs hold small TLS records back for tens of milliseconds.
    const server = createNetServer({ noDelay: true }, (socket) => this.onConnection(l, p, socket));
    server.on("error", (e: NodeJS.ErrnoException) => {
      l.opening.delete(p.port);
      if (this.closed || this.listeners.get(l.key) !== l) return;
      if (e.code === "EADDRINUSE") {
        // Another process holds this address and port: move the load balancer to a fresh address.
        this.closeListener(l, false);
        this.host.addresses.release(l.address);
        l.address = this.host.addresses.next();
        this.writeAddress(l);
        this.reconcile();
      } else if (e.code === "EACCES") {
        this.host.log(
          `cannot serve ${l.key} on ${l.address}:${p.port}: ports below 1024 need root (or net.ipv4.ip_unprivileged_port_start=0)`,
        );
      } else this.host.log(`cannot serve ${l.key} on ${l.address}:${p.port}: ${e.message}`);
    });
    server.listen({ host: l.address, port: p.port }, () => {
      l.opening.delete(p.port);
      if (this.closed || this.listeners.get(l.key) !== l) {
        server.close();
        return;
      }
      l.servers.set(p.port, server);
    });
  }

  private closeListener(l: Listener, forget: boolean): void {
    for (const s of l.servers.values()) s.close();
    l.servers.clear();
    if (forget) {
      this.listeners.delete(l.key);
      this.host.addresses.release(l.address);
    }
  }

  private proxyIdentity(l: Listener): ProxyIdentity {
    const w = l.gw.workload;
    return {
      cluster: this.cluster.name,
      zone: this.cluster.zone,
      region: this.cluster.region,
      namespace: w.namespace,
      workload: w.name,
      ...(w.labels.app ? { app: w.labels.app } : {}),
      telemetry: this.telemetry(`${w.namespace}/${w.name}`),
    };
  }

  private onConnection(l: Listener, p: Port, socket: Socket): void {
    socket.on("error", () => socket.destroy());
    if (p.port === METRICS_PORT || p.name === "status-port" || p.port === 15021) {
      this.conns.set(socket, { listener: l, port: p, tls: false, downstream: downstreamOf(socket) });
      this.adminHttp.emit("connection", socket);
      return;
    }
    const config = this.snapshot.get();
    const plan = l.router.portPlan(config, p);
    if (plan.protocol === "HTTP") {
      this.conns.set(socket, { listener: l, port: p, tls: false, downstream: downstreamOf(socket) });
      this.gatewayHttp.emit("connection", socket);
      return;
    }
    if (plan.protocol !== "TLS") {
      socket.destroy();
      return;
    }
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const hello = parseClientHello(buf);
      if (hello.kind === "need-more") return;
      socket.off("data", onData);
      socket.pause();
      if (hello.kind === "not-tls") {
        socket.destroy();
        return;
      }
      this.onTls(l, p, socket, buf, hello.serverName);
    };
    socket.on("data", onData);
  }

  private onTls(l: Listener, p: Port, socket: Socket, hello: Buffer, sni: string | undefined): void {
    const config = this.snapshot.get();
    const decision = l.router.tls(config, p, sni);
    if (decision.kind === "refuse") {
      socket.destroy();
      return;
    }
    if (decision.kind === "terminate" || decision.kind === "default-certificate") {
      const ctx =
        decision.kind === "terminate"
          ? this.secureContext(config, decision.secretNamespace, decision.secretName)
          : fakeCertificate();
      if (!ctx) {
        // As with SDS: no usable credential, no filter chain, and the handshake fails.
        socket.destroy();
        return;
      }
      const tlsSocket = new TLSSocket(replaySocket(socket, hello), {
        isServer: true,
        secureContext: ctx,
        ALPNProtocols: ["http/1.1"],
      });
      tlsSocket.on("error", () => tlsSocket.destroy());
      this.conns.set(tlsSocket, {
        listener: l,
        port: p,
        tls: true,
        ...(sni ? { sni } : {}),
        downstream: downstreamOf(socket),
      });
      this.gatewayHttp.emit("connection", tlsSocket);
      return;
    }
    // PASSTHROUGH: the bytes go on untouched to the chosen endpoint.
    const proxy = this.proxyIdentity(l);
    const r = this.host.picker.resolve(
      {
        cluster: this.cluster.name,
        zone: this.cluster.zone,
        region: this.cluster.region,
        proxyNamespace: proxy.namespace,
      },
      decision.destination,
    );
    if (r.kind === "fail") {
      socket.destroy();
      return;
    }
    passThrough(socket, hello, r, proxy, {
      echo: this.host.tlsEcho,
      context: this.host.backendContext(sni ?? decision.destination.host),
    });
  }

  private secureContext(config: ClusterConfig, ns: string, name: string): SecureContext | undefined {
    const secret = config.secrets.find((s) => s.metadata.namespace === ns && s.metadata.name === name);
    if (!secret) return undefined;
    const key = `${ns}/${name}`;
    const version = `${secret.metadata.uid}/${secret.metadata.resourceVersion}`;
    const cached = this.contexts.get(key);
    if (cached?.version === version) return cached.ctx;
    const data = (secret.data ?? {}) as Record<string, string>;
    const cert = data["tls.crt"] ?? data.cert;
    const privateKey = data["tls.key"] ?? data.key;
    if (!cert || !privateKey) return undefined;
    try {
      const ctx = createSecureContext({
        cert: Buffer.from(cert, "base64"),
        key: Buffer.from(privateKey, "base64"),
      });
      this.contexts.set(key, { version, ctx });
      return ctx;
    } catch {
      return undefined;
    }
  }

  private async onGatewayRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = this.conns.get(req.socket);
    const body = await readBody(req);
    if (!ctx || body === undefined) {
      res.writeHead(body === undefined ? 413 : 500, { server: "istio-envoy" }).end();
      return;
    }
    const headers = flattenHeaders(req);
    const inbound: InboundRequest = {
      port: ctx.port.port,
      targetPort: ctx.port.targetPort,
      tls: ctx.tls,
      ...(ctx.sni ? { sni: ctx.sni } : {}),
      method: (req.method ?? "GET").toUpperCase(),
      host: hostWithoutPort(headers.host),
      path: req.url ?? "/",
      headers,
      clientAddress: ctx.downstream.remoteAddress,
      bodyLength: body.length,
    };
    const decision = ctx.listener.router.route(this.snapshot.get(), inbound);
    await serveDecision(
      this.proxyIdentity(ctx.listener),
      ctx.downstream,
      this.host.picker,
      inbound,
      decision,
      req,
      res,
      body,
    );
  }

  /** Port 15020 (merged Prometheus metrics) and 15021 (readiness), as on an Istio gateway pod. */
  private onAdminRequest(req: IncomingMessage, res: ServerResponse): void {
    const ctx = this.conns.get(req.socket);
    const path = (req.url ?? "/").split("?")[0];
    if (!ctx) {
      res.writeHead(500).end();
      return;
    }
    if (path === "/healthz/ready") {
      res.writeHead(ctx.listener.gw.ready ? 200 : 503, { "content-type": "text/plain" }).end();
      return;
    }
    if (path === "/stats/prometheus" || path === "/metrics") {
      const w = ctx.listener.gw.workload;
      const text = this.telemetry(`${w.namespace}/${w.name}`).prometheusText();
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  }

  close(): void {
    this.closed = true;
    for (const l of this.listeners.values()) this.closeListener(l, false);
    for (const s of [this.gatewayHttp, this.adminHttp]) s.closeAllConnections();
  }
}
