// Istio's standard metrics for traffic nobody sends: a loopback /stats/prometheus endpoint whose
// counters grow at fixed rates, as if proxies had carried the requests. Lets a real Prometheus hold
// the series of an estate far larger than the simulated data plane serves (benchmarks, scaling tests).
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { ProxyTelemetry, type RequestRecord } from "./dataplane/telemetry";

export interface SyntheticFlow {
  /** The labels of the series (Istio's standard ones); the duration is fixed per flow. */
  request: RequestRecord;
  /** Requests per second the counter grows by. */
  perSecond: number;
}

export interface SyntheticTelemetry {
  /** `127.0.0.1:port`, a scrape target (metrics path /stats/prometheus). */
  target: string;
  /** Series exposed (flows with distinct labels). */
  series: number;
  stop(): Promise<void>;
}

/** Serves the flows' counters; they grow every `tickMs` (fractions carried, so rates stay exact). */
export async function startSyntheticTelemetry(
  flows: readonly SyntheticFlow[],
  { tickMs = 200 }: { tickMs?: number } = {},
): Promise<SyntheticTelemetry> {
  const telemetry = new ProxyTelemetry(0);
  const carry = flows.map(() => 0);
  const tick = () => {
    flows.forEach((f, i) => {
      carry[i]! += (f.perSecond * tickMs) / 1000;
      for (; carry[i]! >= 1; carry[i]! -= 1) telemetry.record(f.request);
    });
  };
  // A zero-rate series still exists from the first scrape (one request, never more), so it reads as
  // "seen, no traffic" as a drained gateway's counters do.
  flows.forEach((f) => {
    if (f.perSecond === 0) telemetry.record(f.request);
  });
  const timer = setInterval(tick, tickMs);
  const server = createServer((req, res) => {
    if ((req.url ?? "").split("?")[0] === "/stats/prometheus")
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(telemetry.prometheusText());
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    series: new Set(flows.map((f) => JSON.stringify(f.request))).size,
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
