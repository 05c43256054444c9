import {
  request as httpRequest,
  Agent as HttpAgent,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { request as httpsRequest, Agent as HttpsAgent } from "node:https";
import { randomUUID } from "node:crypto";
import { echo } from "./echo-backend";
import { destinationLabels, sourceLabels } from "./pass-through";
import { type EndpointPicker, type Resolution } from "./endpoints";
import { envoyAccessLogLine, type ProxyTelemetry } from "./telemetry";
import { type HeaderOps, type InboundRequest, type RouteDecision } from "./types";

/** The proxy handling a request: a gateway's Envoy, or a client's sidecar (the mesh entry). */
export interface ProxyIdentity {
  cluster: string;
  zone: string;
  region: string;
  /** The proxy's namespace (DestinationRule lookup starts there). */
  namespace: string;
  /** Source workload reported in metrics: the gateway Deployment, or the calling workload. */
  workload: string;
  app?: string;
  telemetry: ProxyTelemetry;
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false });

/** Envoy's response flags for what the simulator emulates, in the header tests and probes read. */
export const FLAGS_HEADER = "x-portico-sim-response-flags";

function applyHeaderOps(headers: Record<string, string>, ops: HeaderOps | undefined): void {
  if (!ops) return;
  for (const name of ops.remove ?? []) delete headers[name.toLowerCase()];
  for (const [k, v] of Object.entries(ops.set ?? {})) headers[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(ops.add ?? {})) {
    const key = k.toLowerCase();
    headers[key] = headers[key] !== undefined ? `${headers[key]}, ${v}` : v;
  }
}

interface Outcome {
  status: number;
  flags: string;
  details: string;
  headers: Record<string, string>;
  body: string | Buffer;
  upstreamHost?: string;
  upstreamCluster?: string;
  resolution?: Resolution & { kind: "ok" };
  upstreamMs?: number;
}

function local(status: number, flags: string, details: string, body = ""): Outcome {
  return { status, flags, details, headers: body ? { "content-type": "text/plain" } : {}, body };
}

/**
 * Serves one request the way Envoy would after routing: local replies for redirects, direct
 * responses and failures; otherwise endpoint discovery, then the echo backend (a pod of a
 * simulated cluster) or a real HTTP hop to an address (another cluster's gateway). Records Istio's
 * metrics and an access-log line either way.
 */
/** The two ends of the client's connection, as Envoy's access log names them. */
export interface Downstream {
  local: string;
  remoteAddress: string;
  remotePort: number;
}

export async function serveDecision(
  proxy: ProxyIdentity,
  downstream: Downstream,
  picker: EndpointPicker,
  inbound: InboundRequest,
  decision: RouteDecision,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const started = performance.now();
  const startDate = new Date();
  let outcome: Outcome;
  let routeName: string | undefined;
  switch (decision.kind) {
    case "no-route":
      outcome = local(404, "NR", "route_not_found");
      break;
    case "redirect":
      outcome = { ...local(decision.status, "-", "via_upstream"), headers: { location: decision.location } };
      break;
    case "direct":
      outcome = local(decision.status, "-", "direct_response", decision.body ?? "");
      break;
    case "error":
      outcome = local(decision.status, decision.flag, decision.reason.replace(/\s+/g, "_"), decision.reason);
      break;
    case "forward":
      routeName = decision.routeName;
      outcome = await forward(proxy, picker, inbound, decision, downstream, body);
      break;
  }
  const responseHeaders: Record<string, string> = { ...outcome.headers, server: "istio-envoy" };
  if (decision.kind === "forward" || decision.kind === "redirect" || decision.kind === "direct")
    applyHeaderOps(responseHeaders, decision.responseHeaders);
  if (outcome.upstreamMs !== undefined)
    responseHeaders["x-envoy-upstream-service-time"] = String(Math.round(outcome.upstreamMs));
  if (outcome.flags !== "-") responseHeaders[FLAGS_HEADER] = outcome.flags;
  const payload = typeof outcome.body === "string" ? Buffer.from(outcome.body) : outcome.body;
  responseHeaders["content-length"] = String(payload.length);
  res.writeHead(outcome.status, responseHeaders);
  res.end(inbound.method === "HEAD" ? undefined : payload);

  const durationMs = performance.now() - started;
  proxy.telemetry.record({
    ...sourceLabels(proxy),
    ...destinationLabels(outcome.resolution),
    responseCode: outcome.status,
    responseFlags: outcome.flags,
    requestProtocol: "http",
    durationMs,
  });
  proxy.telemetry.accessLog(
    envoyAccessLogLine({
      start: startDate,
      method: inbound.method,
      path: inbound.path,
      protocol: `HTTP/${req.httpVersion}`,
      status: outcome.status,
      flags: outcome.flags,
      details: outcome.details,
      bytesReceived: body.length,
      bytesSent: payload.length,
      durationMs,
      ...(outcome.upstreamMs !== undefined ? { upstreamServiceTimeMs: Math.round(outcome.upstreamMs) } : {}),
      ...(inbound.headers["x-forwarded-for"] ? { forwardedFor: inbound.headers["x-forwarded-for"] } : {}),
      ...(inbound.headers["user-agent"] ? { userAgent: inbound.headers["user-agent"] } : {}),
      ...(inbound.headers["x-request-id"] ? { requestId: inbound.headers["x-request-id"] } : {}),
      authority: inbound.host,
      ...(outcome.upstreamHost ? { upstreamHost: outcome.upstreamHost } : {}),
      ...(outcome.upstreamCluster ? { upstreamCluster: outcome.upstreamCluster } : {}),
      downstreamLocal: downstream.local,
      downstreamRemote: `${downstream.remoteAddress}:${downstream.remotePort}`,
      ...(inbound.sni ? { serverName: inbound.sni } : {}),
      ...(routeName ? { routeName } : {}),
    }),
  );
}

async function forward(
  proxy: ProxyIdentity,
  picker: EndpointPicker,
  inbound: InboundRequest,
  d: RouteDecision & { kind: "forward" },
  downstream: Downstream,
  body: Buffer,
): Promise<Outcome> {
  const resolution = picker.resolve(
    { cluster: proxy.cluster, zone: proxy.zone, region: proxy.region, proxyNamespace: proxy.namespace },
    d.destination,
  );
  if (resolution.kind === "fail") {
    const text = resolution.flag === "UH" ? "no healthy upstream" : "";
    return local(resolution.status, resolution.flag, resolution.reason.replace(/\s+/g, "_"), text);
  }
  const headers: Record<string, string> = { ...inbound.headers };
  delete headers.host;
  headers["x-forwarded-proto"] = inbound.tls ? "https" : "http";
  headers["x-request-id"] ??= randomUUID();
  const remote = downstream.remoteAddress;
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${remote}`
    : remote;
  headers["x-envoy-attempt-count"] = "1";
  if (d.path !== inbound.path) headers["x-envoy-original-path"] = inbound.path;
  applyHeaderOps(headers, d.requestHeaders);
  const ep = resolution.endpoint;
  const started = performance.now();
  const timeoutMs = d.timeoutMs && d.timeoutMs > 0 ? d.timeoutMs : undefined;

  if (ep.kind === "pod") {
    const reply = echo(ep, { method: inbound.method, path: d.path, host: d.host, headers }, ep.owner);
    const upstreamHost = `${ep.pod}.${ep.cluster}:${resolution.port}`;
    if (reply.delayMs > 0) {
      const wait = timeoutMs !== undefined ? Math.min(reply.delayMs, timeoutMs) : reply.delayMs;
      await new Promise((r) => setTimeout(r, wait));
      if (timeoutMs !== undefined && reply.delayMs > timeoutMs) {
        return {
          ...local(504, "UT", "response_timeout", "upstream request timeout"),
          resolution,
          upstreamHost,
          upstreamCluster: resolution.upstreamCluster,
        };
      }
    }
    return {
      status: reply.status,
      flags: "-",
      details: "via_upstream",
      headers: reply.headers,
      body: reply.body,
      resolution,
      upstreamHost,
      upstreamCluster: resolution.upstreamCluster,
      upstreamMs: performance.now() - started,
    };
  }

  // An address: a real HTTP hop, TLS when the port speaks it (another cluster's HTTPS gateway).
  const tls =
    resolution.protocol === "https" ||
    resolution.protocol === "tls" ||
    d.backendProtocol === "HTTPS" ||
    d.backendProtocol === "GRPCS";
  const upstreamHost = `${ep.address}:${ep.port}`;
  return new Promise<Outcome>((resolve) => {
    const r = (tls ? httpsRequest : httpRequest)(
      {
        host: ep.address,
        port: ep.port,
        method: inbound.method,
        path: d.path,
        headers: { ...headers, host: d.host },
        agent: tls ? httpsAgent : httpAgent,
        ...(tls ? { servername: d.host } : {}),
        ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(up.headers)) {
            if (v === undefined || k === "connection" || k === "transfer-encoding" || k === "keep-alive")
              continue;
            h[k] = Array.isArray(v) ? v.join(", ") : v;
          }
          resolve({
            status: up.statusCode ?? 502,
            flags: "-",
            details: "via_upstream",
            headers: h,
            body: Buffer.concat(chunks),
            resolution,
            upstreamHost,
            upstreamCluster: resolution.upstreamCluster,
            upstreamMs: performance.now() - started,
          });
        });
        up.on("error", () =>
          resolve({
            ...local(
              503,
              "UC",
              "upstream_reset_before_response_started",
              "upstream connect error or disconnect/reset before headers",
            ),
            resolution,
          }),
        );
      },
    );
    r.on("timeout", () => {
      r.destroy();
      resolve({
        ...local(504, "UT", "response_timeout", "upstream request timeout"),
        resolution,
        upstreamHost,
      });
    });
    r.on("error", () =>
      resolve({
        ...local(
          503,
          "UF",
          "upstream_reset_before_response_started{connection_failure}",
          "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
        ),
        resolution,
        upstreamHost,
      }),
    );
    r.end(body);
  });
}
