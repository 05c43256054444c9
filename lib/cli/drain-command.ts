import { DEFAULT_MAX_ERROR_RATE, readDrainStatus, type DrainStatus } from "@/lib/traffic/drain-status";
import { currentSetting } from "@/lib/env";
import { formatFlag } from "./commands";
import { allowOnly, optionalFlag, requireFlag, UsageError, type ParsedArgs } from "./args";
import { loadTopology, type Io } from "./io";

function prometheusUrl(args: ParsedArgs): string {
  let v = optionalFlag(args, "prometheus");
  try {
    v ??= currentSetting("PORTICO_PROMETHEUS_URL");
  } catch (err) {
    throw new UsageError((err as Error).message, false);
  }
  if (!v) throw new UsageError("--prometheus URL is required (or set PORTICO_PROMETHEUS_URL)");
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`--prometheus must be a URL such as http://prometheus:9090, not "${v}"`);
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || u.search || u.hash)
    throw new UsageError(`--prometheus must be an http(s) base URL without query or fragment, not "${v}"`);
  return v;
}

function numberFlag(args: ParsedArgs, name: string, min: number, max: number, integer: boolean) {
  const v = optionalFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, not "${v}"`,
    );
  return n;
}

const rps = (n: number) => `${n.toFixed(2)} req/s`;
const pct = (r: number | null) => (r === null ? "no requests" : `${(r * 100).toFixed(1)}% 5xx`);

function text(s: DrainStatus): string {
  const out = [`${s.product}: ${s.verdict.toUpperCase()}: ${s.reason}`];
  if (s.sharedGateway) {
    const g = s.sharedGateway;
    out.push(`  shared gateway ${g.gateways.join(", ")}: ${rps(g.requestsPerSecond)}, ${pct(g.errorRate)}`);
    for (const src of g.sources)
      out.push(
        `    from ${src.kind === "internal" ? `${src.namespace}/${src.workload}` : "external clients"}: ${rps(src.requestsPerSecond)}`,
      );
    out.push(`    promql: ${g.query}`);
  }
  if (s.productGateway) {
    const g = s.productGateway;
    out.push(
      `  product gateway ${g.gateways.join(", ")}: ${rps(g.requestsPerSecond)}, ${pct(g.errorRate)}${g.errorRateAboveThreshold ? " (above threshold)" : ""}`,
      `    promql: ${g.query}`,
    );
  }
  for (const c of s.internalClients)
    out.push(
      `  client ${c.namespace}/${c.name}: ${c.status} (product gateway ${rps(c.viaProductGatewayPerSecond)}, shared gateway ${rps(c.viaSharedGatewayPerSecond)}, direct ${rps(c.directPerSecond)})`,
    );
  for (const d of s.directCallers)
    out.push(
      `  direct caller ${d.namespace}/${d.workload} -> ${d.destinationService}: ${rps(d.requestsPerSecond)}`,
    );
  return out.join("\n") + "\n";
}

/**
 * Drain status of one product from a Prometheus scraping the gateways' Istio metrics. Exit 0 when
 * drained, 1 when the shared gateway still serves it or the answer is unknown, 2 on bad input.
 */
export async function drainCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ["file", "product", "prometheus", "window", "max-error-rate", "format", "json"]);
  const loaded = loadTopology(requireFlag(args, "file"));
  if (!loaded.ok) throw new UsageError(loaded.message, false);
  const product = requireFlag(args, "product");
  if (!loaded.topology.products.some((p) => p.name === product))
    throw new UsageError(
      `the topology has no product "${product}" (it has: ${loaded.topology.products.map((p) => p.name).join(", ") || "none"})`,
      false,
    );
  const url = prometheusUrl(args);
  const windowSeconds = numberFlag(args, "window", 5, 86_400, true) ?? 600;
  const maxErrorRate = numberFlag(args, "max-error-rate", 0, 1, false) ?? DEFAULT_MAX_ERROR_RATE;
  // The format the objects were applied in names the gateways' workloads (see gatewayWorkloads).
  const format = formatFlag(args);
  const [status] = await readDrainStatus(
    loaded.topology,
    { prometheusUrls: [url], windowSeconds, maxErrorRate, format },
    [product],
  );
  if (args.flags.get("json") === true) io.out(`${JSON.stringify(status, null, 2)}\n`);
  else io.out(text(status!));
  return status!.verdict === "drained" ? 0 : 1;
}
