import { setMaxListeners } from "node:events";
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import type { EndpointGuardOptions } from "@/lib/k8s/endpoint-guard";
import type { GatewaySpec, Topology } from "@/lib/topology";
import { hostMatches } from "@/lib/analysis/hosts";
import type { CallClass } from "./call-class";
import { compareAnswers, type Verdict } from "./compare-answers";
import { DEFAULT_PROBE_SETTINGS } from "./fingerprint";
import type { FailedCall, GatewayAnswer } from "./gateway-answer";
import { GatewayClient, type GatewayTarget } from "./gateway-client";
import { gatewayTarget, type TargetResult } from "./gateway-targets";
import { buildRequestSet, type RequestSetReport } from "./request-set";

/** Bad input a person can fix (unknown product, no gateway to compare): 422 in the API, exit 2 in the CLI. */
export class ProbeInputError extends Error {}

export interface ServiceRef {
  namespace: string;
  name: string;
}

export interface ProbeLimits {
  /** Requests in flight at once over all gateways (default 32). */
  concurrency: number;
  /** Requests started per second over all gateways (default 500). */
  ratePerSecond: number;
  /** Time allowed for one request (default 5 s). */
  timeoutMs: number;
  /** Time allowed for the whole probe; calls not started by then fail with phase "budget" (default 60 s). */
  budgetMs: number;
  /** Call classes probed at most (default 2,000). */
  maxCallClasses: number;
}

export const DEFAULT_PROBE_LIMITS: ProbeLimits = {
  concurrency: 32,
  ratePerSecond: 500,
  timeoutMs: 5_000,
  budgetMs: 60_000,
  maxCallClasses: 2_000,
};

export interface ProbeInput {
  topology: Topology;
  product: string;
  /** Clients of the clusters to probe; only their gateways' addresses are ever called. */
  clusters: Array<{ name: string; client: ClusterClient }>;
  /** The shared gateway's Service; defaults to the shared gateway of the topology that lists the host. */
  sharedService?: ServiceRef;
  /** The product gateway's Service; defaults to the product's gateway (Service named after it). */
  productService?: ServiceRef;
  /** PEM bundle to verify gateway certificates with. */
  ca?: string;
  accessLog?: string;
  limits?: Partial<ProbeLimits>;
  guard?: EndpointGuardOptions;
}

export interface ProbeResult {
  call: CallClass;
  cluster: string;
  verdict: Verdict;
  why?: string;
  shared: GatewayAnswer;
  product: GatewayAnswer;
}

export interface ProbeReport {
  product: string;
  ok: boolean;
  summary: { calls: number; same: number; differs: number; failed: number };
  /** The addresses probed per cluster (or why none could be). */
  targets: Array<{
    cluster: string;
    shared: GatewayTarget | FailedCall;
    product: GatewayTarget | FailedCall;
  }>;
  results: ProbeResult[];
  requestSet: RequestSetReport;
  notes: string[];
  elapsedMs: number;
}

/** A gateway of the comparison: its spec, its Service and the listener clients reach the hosts on. */
export interface Side {
  gateway: GatewaySpec;
  service: ServiceRef;
  port: number;
  tls: boolean;
}

/** The listener clients reach the product's hosts on: HTTPS first, else plain HTTP. */
function sideOf(gateway: GatewaySpec, hosts: string[], service: ServiceRef | undefined): Side | undefined {
  const serving = gateway.listeners.filter((l) =>
    l.hosts.some((lh) => hosts.some((h) => hostMatches(lh, h))),
  );
  const listener =
    serving.find((l) => l.protocol === "HTTPS" && l.tls?.mode !== "PASSTHROUGH") ??
    serving.find((l) => l.protocol === "HTTP" || l.protocol === "HTTP2");
  if (!listener) return undefined;
  return {
    gateway,
    service: service ?? { namespace: gateway.namespace, name: gateway.name },
    port: listener.port,
    tls: listener.protocol === "HTTPS",
  };
}

/**
 * The shared gateway that serves the hosts today and the product's own gateway: what a probe
 * compares and what a DNS stage moves weight between.
 */
export function gatewaySides(
  input: Pick<ProbeInput, "topology" | "product" | "sharedService" | "productService">,
  hosts: string[],
): { shared: Side; product: Side } {
  const { topology, product } = input;
  const productGw = topology.gateways.find((g) => g.mode === "product" && g.product === product);
  if (!productGw) throw new ProbeInputError(`Product "${product}" has no product gateway to probe.`);
  const productSide = sideOf(productGw, hosts, input.productService);
  if (!productSide)
    throw new ProbeInputError(
      `Gateway ${productGw.namespace}/${productGw.name} has no HTTP or HTTPS listener for ${hosts.join(", ")}.`,
    );
  const sharedGw = topology.gateways.find((g) => g.mode === "shared" && sideOf(g, hosts, undefined));
  if (!sharedGw)
    throw new ProbeInputError(
      `No shared gateway of the topology serves ${hosts.join(", ")}: there is nothing to compare with.`,
    );
  return { shared: sideOf(sharedGw, hosts, input.sharedService)!, product: productSide };
}

/** Starts at most `ratePerSecond` requests per second, evenly spaced. */
function pacer(ratePerSecond: number) {
  const gap = 1000 / ratePerSecond;
  let next = 0;
  return async (signal: AbortSignal) => {
    const now = performance.now();
    const slot = Math.max(now, next);
    next = slot + gap;
    if (slot > now + 1) {
      await new Promise<void>((resolve) => {
        const stop = () => {
          clearTimeout(t);
          resolve();
        };
        const t = setTimeout(() => {
          signal.removeEventListener("abort", stop);
          resolve();
        }, slot - now);
        signal.addEventListener("abort", stop, { once: true });
      });
    }
  };
}

/**
 * Probes a product: builds the request set, reads both gateways' addresses in every cluster where
 * both run, sends each call to both (bounded concurrency and rate, a timeout per call, a total
 * budget) and compares the answers per call class and cluster.
 */
export async function probeProduct(input: ProbeInput): Promise<ProbeReport> {
  const started = performance.now();
  // Options a caller left unset (undefined) keep their defaults.
  const given = Object.entries(input.limits ?? {}).filter(([, v]) => v !== undefined);
  const limits: ProbeLimits = { ...DEFAULT_PROBE_LIMITS, ...Object.fromEntries(given) };
  const { topology, product } = input;
  const spec = topology.products.find((p) => p.name === product);
  if (!spec) throw new ProbeInputError(`The topology has no product "${product}".`);
  const settings = spec.probe ?? DEFAULT_PROBE_SETTINGS;
  const requestSet = buildRequestSet(topology, product, {
    accessLog: input.accessLog,
    maxCallClasses: limits.maxCallClasses,
  });
  const hosts = [...new Set([...spec.hosts, ...requestSet.calls.map((c) => c.host)])];
  const { shared, product: own } = gatewaySides(input, hosts);
  const notes = [...requestSet.report.notes];
  const placed = (gw: GatewaySpec) => new Set(gw.placement.map((p) => p.cluster));
  const both = [...placed(own.gateway)].filter((c) => placed(shared.gateway).has(c));
  for (const c of placed(own.gateway))
    if (!both.includes(c))
      notes.push(`cluster ${c}: no shared gateway runs there, nothing to compare with; not probed`);
  const clusters = input.clusters.filter((c) => both.includes(c.name));
  if (clusters.length === 0)
    throw new ProbeInputError(
      `None of the clusters given (${input.clusters.map((c) => c.name).join(", ") || "none"}) runs both ${shared.gateway.namespace}/${shared.gateway.name} and ${own.gateway.namespace}/${own.gateway.name}.`,
    );

  const guard = input.guard ?? {};
  const clients: GatewayClient[] = [];
  const targets: ProbeReport["targets"] = [];
  const perCluster = await Promise.all(
    clusters.map(async ({ name, client }) => {
      const [s, p] = await Promise.all(
        (
          [
            ["shared", shared],
            ["product", own],
          ] as const
        ).map(([role, side]) => gatewayTarget(client, name, role, side.service, side, guard)),
      );
      const open = (r: TargetResult) => {
        if (!r.ok) return { ok: false as const, phase: r.phase, why: r.why };
        const gc = new GatewayClient(r.target, {
          ca: input.ca,
          timeoutMs: limits.timeoutMs,
          connections: limits.concurrency,
          settings,
        });
        clients.push(gc);
        return gc;
      };
      const entry = { cluster: name, shared: open(s!), product: open(p!) };
      targets.push({
        cluster: name,
        shared: entry.shared instanceof GatewayClient ? entry.shared.target : entry.shared,
        product: entry.product instanceof GatewayClient ? entry.product.target : entry.product,
      });
      return entry;
    }),
  );

  const budget = AbortSignal.timeout(limits.budgetMs);
  // Every request in flight (and every paced wait) listens to the budget: that many listeners are expected.
  setMaxListeners(limits.concurrency * 4 + 16, budget);
  const pace = pacer(limits.ratePerSecond);
  const send = async (side: GatewayClient | FailedCall, call: CallClass): Promise<GatewayAnswer> => {
    if (!(side instanceof GatewayClient)) return side;
    if (budget.aborted)
      return { ok: false, phase: "budget", why: "the probe's total budget ran out before this call" };
    await pace(budget);
    if (budget.aborted)
      return { ok: false, phase: "budget", why: "the probe's total budget ran out before this call" };
    return side.send(call, budget);
  };
  const tasks = perCluster.flatMap((c) => requestSet.calls.map((call) => ({ c, call })));
  const results: ProbeResult[] = new Array(tasks.length);
  let next = 0;
  // Each task sends two requests at once (one per gateway), so half as many tasks run as requests may.
  const workers = Array.from(
    { length: Math.max(1, Math.min(tasks.length, Math.floor(limits.concurrency / 2))) },
    async () => {
      while (next < tasks.length) {
        const i = next++;
        const { c, call } = tasks[i]!;
        const [s, p] = await Promise.all([send(c.shared, call), send(c.product, call)]);
        results[i] = { call, cluster: c.cluster, ...compareAnswers(s, p), shared: s, product: p };
      }
    },
  );
  try {
    await Promise.all(workers);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const summary = {
    calls: results.length,
    same: count("same"),
    differs: count("differs"),
    failed: count("failed"),
  };
  return {
    product,
    ok: summary.calls > 0 && summary.same === summary.calls,
    summary,
    targets: targets.sort((a, b) => (a.cluster < b.cluster ? -1 : 1)),
    results,
    requestSet: requestSet.report,
    notes,
    elapsedMs: Math.round(performance.now() - started),
  };
}
