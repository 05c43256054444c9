// networking.istio.io Gateways as a gateway workload's Envoy sees them: which servers listen on a
// port, and how a TLS connection is handled by SNI (terminate, pass through, or refuse).
import { type KObject } from "../json";
import {
  type ClusterConfig,
  type Destination,
  type Pick,
  type PortPlan,
  type TlsDecision,
  type Workload,
} from "./types";
import { byCreation } from "./istio-creation-order";
import {
  hostMatches,
  mostSpecificDomain,
  parseServerHost,
  resolveShortname,
  type ServerHost,
} from "./istio-hosts";
import { resolveGatewayName, virtualServicesForGateway } from "./istio-virtual-services";

/** One Gateway server bound to a workload port. */
export interface IstioServer {
  /** "namespace/name" of the Gateway. */
  gateway: string;
  gatewayNamespace: string;
  /** The server as written in the Gateway. */
  server: KObject;
  hosts: ServerHost[];
  /** Upper-case port protocol. */
  protocol: string;
  /** server.port.number: the port the routes are built for. */
  portNumber: number;
}

export interface GatewayPort {
  port: number;
  targetPort: number;
}

const HTTP_PROTOCOLS = new Set(["HTTP", "HTTP2", "HTTP2C", "GRPC"]);
const TLS_PROTOCOLS = new Set(["HTTPS", "TLS"]);
const TERMINATE_MODES = new Set(["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"]);

// A Gateway with an empty selector would select every proxy in Istio; here it selects nothing, so a
// selector-less Gateway cannot silently attach to the wrong workload.
function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * The servers of every Gateway (any namespace: PILOT_SCOPE_GATEWAY_TO_NAMESPACE=false) that select
 * the workload and listen on the port or on its target port, oldest Gateway first.
 */
export function istioServersFor(config: ClusterConfig, workload: Workload, port: GatewayPort): IstioServer[] {
  const out: IstioServer[] = [];
  for (const gw of [...config.gateways].sort(byCreation)) {
    if (!selects(gw.spec?.selector, workload.labels)) continue;
    const ns: string = gw.metadata?.namespace ?? "default";
    for (const server of (gw.spec?.servers ?? []) as KObject[]) {
      const number = Number(server.port?.number);
      if (number !== port.port && number !== port.targetPort) continue;
      out.push({
        gateway: `${ns}/${gw.metadata?.name ?? ""}`,
        gatewayNamespace: ns,
        server,
        hosts: ((server.hosts ?? []) as string[]).map((h) => parseServerHost(h, ns)),
        protocol: String(server.port?.protocol ?? "").toUpperCase(),
        portNumber: number,
      });
    }
  }
  return out;
}

/** What the runtime should listen for on a port: TLS wins over HTTP when both are declared. */
export function istioPortPlan(config: ClusterConfig, workload: Workload, port: GatewayPort): PortPlan {
  const protocols = istioServersFor(config, workload, port).map((s) => s.protocol);
  const protocol = protocols.some((p) => TLS_PROTOCOLS.has(p))
    ? "TLS"
    : protocols.some((p) => HTTP_PROTOCOLS.has(p))
      ? "HTTP"
      : "NONE";
  return { port: port.port, targetPort: port.targetPort, protocol };
}

export function isHttpServer(s: IstioServer): boolean {
  return HTTP_PROTOCOLS.has(s.protocol);
}

/** One Envoy filter chain of a TLS port: the SNI names it answers (none: any) and what it does. */
export interface TlsFilterChain {
  serverNames: string[];
  server: IstioServer;
  decision: TlsDecision;
}

function tlsMode(server: KObject): string {
  // The API's default mode is PASSTHROUGH (enum value 0).
  return String(server.tls?.mode ?? "PASSTHROUGH").toUpperCase();
}

// "*" is not an SNI name: Envoy gets a chain without server names, which takes any SNI or none.
function namesOrAny(hosts: string[]): string[] {
  return hosts.includes("*") ? [] : hosts;
}

function randomPick<T extends { weight: number }>(items: T[]): T {
  const total = items.reduce((n, i) => n + i.weight, 0);
  let r = Math.random() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

function passthroughChains(
  config: ClusterConfig,
  workload: Workload,
  server: IstioServer,
  pick: Pick,
  claimed: Set<string>,
): TlsFilterChain[] {
  const out: TlsFilterChain[] = [];
  for (const vs of virtualServicesForGateway(config, workload.namespace, server.gateway)) {
    // pickMatchingGatewayHosts: the server hosts this VirtualService's namespace may bind to.
    const bindable = server.hosts.filter((h) => h.namespace === "*" || h.namespace === vs.namespace);
    if (!vs.hosts.some((vh) => bindable.some((sh) => hostMatches(sh.host, vh)))) continue;
    for (const rule of (vs.spec.tls ?? []) as KObject[]) {
      const routes = (rule.route ?? []) as KObject[];
      if (routes.length === 0) continue;
      for (const match of (rule.match ?? []) as KObject[]) {
        if (match.port && Number(match.port) !== server.portNumber) continue;
        const gws = (match.gateways ?? []) as string[];
        if (gws.length > 0 && !gws.some((g) => resolveGatewayName(g, vs.namespace) === server.gateway))
          continue;
        const sni = ((match.sniHosts ?? vs.hosts) as string[]).map((h) => h.toLowerCase());
        // Envoy refuses two chains with the same SNI; istiod skips the later rule (CheckDuplicates).
        if (sni.some((h) => claimed.has(h))) continue;
        sni.forEach((h) => claimed.add(h));
        out.push({
          serverNames: namesOrAny(sni),
          server,
          decision: {
            kind: "passthrough",
            destination: pickDestination(routes, vs.namespace, pick),
            routeObject: vs.ref,
          },
        });
      }
    }
  }
  return out;
}

function pickDestination(routes: KObject[], namespace: string, pick: Pick): Destination {
  const weighted =
    routes.length === 1
      ? [{ weight: 100, r: routes[0]! }]
      : routes.map((r) => ({ weight: Number(r.weight ?? 0), r })).filter((w) => w.weight > 0);
  const { r } = pick(weighted.length > 0 ? weighted : [{ weight: 1, r: routes[0]! }]);
  const d: KObject = r.destination ?? {};
  return {
    host: resolveShortname(String(d.host ?? ""), namespace),
    port: d.port?.number === undefined ? undefined : Number(d.port.number),
    subset: d.subset || undefined,
    fromNamespace: namespace,
  };
}

/** The filter chains Envoy would have on this port, in istiod's order. */
export function istioTlsChains(
  config: ClusterConfig,
  workload: Workload,
  port: GatewayPort,
  pick: Pick = randomPick,
): TlsFilterChain[] {
  const out: TlsFilterChain[] = [];
  const claimed = new Set<string>();
  for (const server of istioServersFor(config, workload, port)) {
    if (!TLS_PROTOCOLS.has(server.protocol)) continue;
    const mode = tlsMode(server.server);
    if (mode === "PASSTHROUGH") {
      out.push(...passthroughChains(config, workload, server, pick, claimed));
      continue;
    }
    const serverNames = namesOrAny(server.hosts.map((h) => h.host));
    if (!TERMINATE_MODES.has(mode)) {
      out.push({
        serverNames,
        server,
        decision: { kind: "refuse", reason: `tls mode ${mode} is not emulated` },
      });
      continue;
    }
    // Note: MUTUAL is served like SIMPLE; client certificates are neither requested nor checked.
    const credential: unknown = server.server.tls?.credentialName ?? server.server.tls?.credentialNames?.[0];
    const decision: TlsDecision =
      typeof credential === "string" && credential !== ""
        ? { kind: "terminate", secretNamespace: workload.namespace, secretName: credential }
        : { kind: "refuse", reason: `server of ${server.gateway} has no tls.credentialName` };
    out.push({ serverNames, server, decision });
  }
  return out;
}

/**
 * Envoy's filter chain choice by SNI: an exact server name, then the longest matching wildcard,
 * then a chain that names none. Without SNI only the last kind applies.
 */
export function selectTlsChain(
  chains: TlsFilterChain[],
  sni: string | undefined,
): TlsFilterChain | undefined {
  const name = sni?.toLowerCase();
  if (name) {
    const best = mostSpecificDomain(
      chains.flatMap((c) => c.serverNames),
      name,
    );
    if (best !== undefined) return chains.find((c) => c.serverNames.includes(best));
  }
  return chains.find((c) => c.serverNames.length === 0);
}

/**
 * How a TLS connection with this SNI is handled. The credential is read from the gateway
 * workload's namespace, as Istio does; whether that Secret exists is for the runtime to check.
 */
export function istioTls(
  config: ClusterConfig,
  workload: Workload,
  port: GatewayPort,
  sni: string | undefined,
  pick: Pick = randomPick,
): TlsDecision {
  const chains = istioTlsChains(config, workload, port, pick);
  if (chains.length === 0) return { kind: "refuse", reason: `no TLS server on port ${port.port}` };
  const chain = selectTlsChain(chains, sni);
  if (chain) return chain.decision;
  if (!sni) return { kind: "refuse", reason: "no server accepts a connection without SNI" };
  const passthrough = istioServersFor(config, workload, port).find(
    (s) =>
      TLS_PROTOCOLS.has(s.protocol) &&
      tlsMode(s.server) === "PASSTHROUGH" &&
      s.hosts.some((h) => hostMatches(h.host, sni.toLowerCase())),
  );
  return {
    kind: "refuse",
    reason: passthrough
      ? `PASSTHROUGH server of ${passthrough.gateway} has no VirtualService tls route for SNI ${sni}`
      : `no server for SNI ${sni}`,
  };
}
