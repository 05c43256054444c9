// A steady trickle of requests through the demo clusters, the way real clients produce it: public
// hosts resolved through the demo DNS on every call (so a DNS cutover moves them), then HTTPS to
// that address with the host as SNI and Host; internal calls through a cluster's mesh entry as a
// named workload. It counts what it sent, so tests can check Prometheus' figures against it.
import { Resolver } from "node:dns/promises";
import http from "node:http";
import https from "node:https";

export interface ExternalTarget {
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
}

export interface MeshTarget {
  /** "127.0.0.1:PORT" of the cluster's mesh entry (the simulator's `meshProxy`). */
  proxy: string;
  /** `namespace/workload` of the caller, e.g. `checkout/checkout`. */
  source: string;
  /** Absolute http:// URL, e.g. http://payments.payments.svc.cluster.local:8080/v1/payments. */
  url: string;
  headers?: Record<string, string>;
}

export interface TargetStats {
  sent: number;
  /** Answers by HTTP status; "error" when no answer came (DNS, connection, timeout). */
  byStatus: Record<string, number>;
  lastError?: string;
  /** The address the host resolved to last (external targets). */
  address?: string;
}

export interface TrafficGenerator {
  /** Per target label (`GET https://host/path`, `source -> url`). */
  stats(): Record<string, TargetStats>;
  /** Replaces the extra headers of every target, e.g. `x-portico-echo-status: 503`. */
  setHeaders(headers: Record<string, string>): void;
  stop(): Promise<void>;
}

export interface TrafficGeneratorOptions {
  /** "127.0.0.1:PORT" of the simulator's DNS server. */
  dns: string;
  /** PEM of the CA the gateways' certificates chain to (the demo CA). */
  ca: string;
  external?: ExternalTarget[];
  mesh?: MeshTarget[];
  /** Requests per second per target. Default 2. */
  ratePerSecond?: number;
  timeoutMs?: number;
}

const USER_AGENT = "portico-traffic-generator";

/** The reference scenario's hosts and checkout's call to payments (docs/simulator.md). */
export function referenceTargets(meshProxy: string | undefined): {
  external: ExternalTarget[];
  mesh: MeshTarget[];
} {
  return {
    external: [
      { host: "payments.my-company.io", path: "/v1/payments" },
      { host: "analytics.my-company.io", path: "/v1/reports" },
    ],
    mesh: meshProxy
      ? [
          {
            proxy: meshProxy,
            source: "checkout/checkout",
            url: "http://payments.payments.svc.cluster.local:8080/v1/payments",
          },
        ]
      : [],
  };
}

function finish(stats: TargetStats, status: number | undefined, error?: Error): void {
  const key = status === undefined ? "error" : String(status);
  stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
  if (error) stats.lastError = error.message;
}

export function startTrafficGenerator(opts: TrafficGeneratorOptions): TrafficGenerator {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([opts.dns]);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const tlsAgent = new https.Agent({ keepAlive: true, ca: opts.ca, maxSockets: 4 });
  const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let extra: Record<string, string> = {};
  const stats: Record<string, TargetStats> = {};
  const inFlight = new Set<string>();
  const pending = new Set<Promise<void>>();

  const external = (opts.external ?? []).map((t) => ({
    label: `${t.method ?? "GET"} https://${t.host}${t.path}`,
    send: async (s: TargetStats) => {
      const [address] = await resolver.resolve4(t.host);
      if (!address) throw new Error(`${t.host} has no A record`);
      s.address = address;
      return call(https, tlsAgent, {
        host: address,
        port: 443,
        servername: t.host,
        method: t.method ?? "GET",
        path: t.path,
        headers: { host: t.host, "user-agent": USER_AGENT, ...t.headers, ...extra },
      });
    },
  }));
  const mesh = (opts.mesh ?? []).map((t) => {
    const [proxyHost, proxyPort] = t.proxy.split(":");
    const target = new URL(t.url);
    return {
      label: `${t.source} -> ${t.url}`,
      send: async () =>
        call(http, plainAgent, {
          host: proxyHost,
          port: Number(proxyPort),
          method: "GET",
          path: t.url,
          headers: {
            host: target.host,
            "user-agent": USER_AGENT,
            "x-portico-sim-source": t.source,
            ...t.headers,
            ...extra,
          },
        }),
    };
  });

  function call(
    mod: typeof http | typeof https,
    agent: http.Agent,
    o: http.RequestOptions & { servername?: string },
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = mod.request({ ...o, agent, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end();
    });
  }

  const tick = () => {
    for (const t of [...external, ...mesh]) {
      // One request per target at a time: a slow answer lowers the rate instead of piling up.
      if (inFlight.has(t.label)) continue;
      const s = (stats[t.label] ??= { sent: 0, byStatus: {} });
      inFlight.add(t.label);
      s.sent++;
      const p = t
        .send(s)
        .then(
          (status) => finish(s, status),
          (e: Error) => finish(s, undefined, e),
        )
        .finally(() => {
          inFlight.delete(t.label);
          pending.delete(p);
        });
      pending.add(p);
    }
  };
  const timer = setInterval(tick, 1000 / (opts.ratePerSecond ?? 2));
  tick();
  return {
    stats: () => structuredClone(stats),
    setHeaders(headers) {
      extra = { ...headers };
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([...pending]);
      tlsAgent.destroy();
      plainAgent.destroy();
    },
  };
}
