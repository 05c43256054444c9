// Sends probe calls to one gateway address as an external client would: TCP to the load balancer's
// address, TLS with SNI set to the call's host, Host set to the call's host. The address is pinned
// in the connector, so no DNS answer (and no Host header) can send a probe anywhere else.
import type { TLSSocket } from "node:tls";
import { Agent, buildConnector, request, type Dispatcher } from "undici";
import type { ProbeSettings } from "@/lib/topology";
import type { CallClass } from "./call-class";
import { fingerprintAnswer } from "./fingerprint";
import type { FailedCall, GatewayAnswer } from "./gateway-answer";

/** A gateway Service's load-balancer address, as read from its status and passed by the guard. */
export interface GatewayTarget {
  cluster: string;
  role: "shared" | "product";
  /** The gateway Service, `namespace/name`. */
  service: string;
  address: string;
  port: number;
  /** HTTPS listener (TLS with SNI) or plain HTTP. */
  tls: boolean;
}

export interface GatewayClientOptions {
  /** PEM bundle to verify gateway certificates against; without it certificates are reported unverified. */
  ca?: string;
  /** Time allowed for one call, from connect to the last body byte. */
  timeoutMs: number;
  /** Connections kept open to the address. */
  connections: number;
  settings: ProbeSettings;
}

const MAX_BODY_BYTES = 1024 * 1024;
const PHASE = Symbol("probe-phase");

type Tagged = Error & { code?: string; [PHASE]?: "connect" | "tls" };

function tlsWhy(err: Tagged, host: string): string {
  const code = err.code ?? "";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID")
    return `TLS handshake failed: the certificate is not valid for ${host}`;
  if (/CERT|SIGNATURE|ISSUER|SELF_SIGNED/.test(code))
    return `TLS handshake failed: the certificate does not verify against the given CA (${code})`;
  if (
    code === "ECONNRESET" ||
    /disconnected before secure TLS/i.test(err.message) ||
    code === "UND_ERR_SOCKET"
  )
    return `TLS handshake failed: the gateway closed the connection during the handshake for SNI ${host} (no certificate for this host: is the credential Secret in the gateway's namespace?)`;
  return `TLS handshake failed: ${err.message}${code ? ` (${code})` : ""}`;
}

function failure(err: unknown, target: string, host: string, timedOut: boolean): FailedCall {
  const e = err as Tagged;
  if (
    timedOut ||
    e.code === "UND_ERR_CONNECT_TIMEOUT" ||
    e.code === "UND_ERR_HEADERS_TIMEOUT" ||
    e.code === "UND_ERR_BODY_TIMEOUT"
  )
    return {
      ok: false,
      target,
      phase: "timeout",
      why: `no answer within the time allowed for one call (${e.code ?? "timeout"})`,
    };
  if (e[PHASE] === "tls") return { ok: false, target, phase: "tls", why: tlsWhy(e, host) };
  if (e[PHASE] === "connect" || e.code === "ECONNREFUSED")
    return {
      ok: false,
      target,
      phase: "connect",
      why: `cannot connect to ${target}: ${e.code ?? e.message}`,
    };
  return { ok: false, target, phase: "request", why: `${e.message}${e.code ? ` (${e.code})` : ""}` };
}

export class GatewayClient {
  private readonly agent: Agent;
  /** What the last handshake showed: certificates are the same for every connection of one host. */
  private readonly verified = new Map<string, { verified: boolean; note?: string }>();
  readonly endpoint: string;

  constructor(
    readonly target: GatewayTarget,
    private readonly options: GatewayClientOptions,
  ) {
    this.endpoint = `${target.address.includes(":") ? `[${target.address}]` : target.address}:${target.port}`;
    const base = buildConnector({
      ...(options.ca ? { ca: options.ca, rejectUnauthorized: true } : { rejectUnauthorized: false }),
      timeout: options.timeoutMs,
    });
    this.agent = new Agent({
      connections: options.connections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: (opts, callback) => {
        const servername = opts.hostname;
        base({ ...opts, hostname: target.address, servername }, (err, socket) => {
          if (err) {
            (err as Tagged)[PHASE] =
              target.tls && (err as Tagged).code !== "ECONNREFUSED" ? "tls" : "connect";
            return callback(err, null);
          }
          if (target.tls) {
            const s = socket as TLSSocket;
            this.verified.set(
              servername,
              options.ca
                ? { verified: s.authorized }
                : {
                    verified: false,
                    note: `certificate not verified (no CA given)${s.authorizationError ? `: ${String(s.authorizationError)}` : ""}`,
                  },
            );
          }
          callback(null, socket!);
        });
      },
    });
  }

  /** One call; never throws: every failure is an answer with the phase and the reason. */
  async send(call: CallClass, signal?: AbortSignal): Promise<GatewayAnswer> {
    const started = performance.now();
    const origin = `${this.target.tls ? "https" : "http"}://${call.host}:${this.target.port}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await request(`${origin}${call.path}`, {
        method: call.method as Dispatcher.HttpMethod,
        headers: { ...call.headers, "user-agent": "portico-probe" },
        dispatcher: this.agent,
        // Note: undici follows no redirects without its redirect interceptor, so a 301 is an answer
        // to compare like any other.
        signal: abort,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) break;
        chunks.push(chunk);
      }
      const fp = fingerprintAnswer(
        { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) },
        this.options.settings,
      );
      const tls = this.target.tls
        ? (this.verified.get(call.host) ?? { verified: Boolean(this.options.ca) })
        : undefined;
      return {
        ok: true,
        target: this.endpoint,
        ...(tls ? { tls } : {}),
        ...fp,
        ms: Math.round(performance.now() - started),
      };
    } catch (err) {
      if (signal?.aborted && !timeout.aborted)
        return { ok: false, target: this.endpoint, phase: "budget", why: "the probe's total budget ran out" };
      return failure(err, this.endpoint, call.host, timeout.aborted);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
