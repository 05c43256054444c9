import { connectionFromKubeconfig } from "@/lib/clusters/parse-kubeconfig";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { probeProduct, ProbeInputError, type GatewayAnswer, type ProbeResult } from "@/lib/probe";
import { serviceRefSchema } from "@/lib/validations/probe";
import { allowOnly, optionalFlag, requireFlag, UsageError, type ParsedArgs } from "./args";
import { loadTopology, readText, type Io } from "./io";

function serviceFlag(args: ParsedArgs, name: string) {
  const v = optionalFlag(args, name);
  if (v === undefined) return undefined;
  const parsed = serviceRefSchema.safeParse(v);
  if (!parsed.success) throw new UsageError(`--${name} must be namespace/name, not "${v}"`);
  return parsed.data;
}

function showAnswer(a: GatewayAnswer): string {
  if (!a.ok) return `failed (${a.phase}): ${a.why}`;
  const tls = a.tls ? (a.tls.verified ? ", TLS verified" : ", TLS not verified") : "";
  return `${a.status}${a.upstream ? ` from ${a.upstream}` : ""} at ${a.target}${tls}`;
}

function line(r: ProbeResult): string {
  const h = Object.entries(r.call.headers)
    .map(([k, v]) => ` ${k}=${v}`)
    .join("");
  const head = `${r.verdict.toUpperCase()} [${r.cluster}] ${r.call.method} https://${r.call.host}${r.call.path}${h}`;
  if (r.verdict === "same") return `${head} (${showAnswer(r.product)})\n`;
  return `${head}: ${r.why}\n  shared:  ${showAnswer(r.shared)}\n  product: ${showAnswer(r.product)}\n`;
}

/**
 * Probes a product's shared and product gateway in the cluster of one kubeconfig context. Exit 0
 * when every call class answers the same, 1 when one differs or fails, 2 on bad input.
 */
export async function probeCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, [
    "kubeconfig",
    "context",
    "cluster",
    "file",
    "product",
    "shared",
    "product-gateway",
    "ca",
    "access-log",
    "json",
  ]);
  const loaded = loadTopology(requireFlag(args, "file"));
  if (!loaded.ok) throw new UsageError(loaded.message, false);
  const product = requireFlag(args, "product");
  const kubeconfig = readText(requireFlag(args, "kubeconfig"));
  let connection;
  try {
    connection = connectionFromKubeconfig(kubeconfig, optionalFlag(args, "context"));
  } catch (e) {
    throw new UsageError(`kubeconfig: ${(e as Error).message}`, false);
  }
  const cluster = optionalFlag(args, "cluster") ?? connection.context;
  if (!loaded.topology.clusters.some((c) => c.name === cluster))
    throw new UsageError(
      `context "${connection.context}" names no cluster of the topology (${loaded.topology.clusters.map((c) => c.name).join(", ")}); pass --cluster`,
    );
  const caFile = optionalFlag(args, "ca");
  const logFile = optionalFlag(args, "access-log");
  const sharedService = serviceFlag(args, "shared");
  const productService = serviceFlag(args, "product-gateway");
  const client = new ClusterClient(
    { ...connection, name: cluster },
    { retry: { maxAttempts: 2 }, timeoutMs: 10_000 },
  );
  let report;
  try {
    report = await probeProduct({
      topology: loaded.topology,
      product,
      clusters: [{ name: cluster, client }],
      ca: caFile ? readText(caFile) : undefined,
      accessLog: logFile ? readText(logFile) : undefined,
      sharedService,
      productService,
    });
  } catch (e) {
    if (e instanceof ProbeInputError) throw new UsageError(e.message, false);
    throw e;
  } finally {
    await client.close();
  }
  const log = report.requestSet.accessLog;
  if (log) {
    io.err(
      `access log: ${log.lines} line(s), ${log.envoy} Envoy/Istio, ${log.nginx} ingress-nginx, ${log.errors} unreadable, ${log.otherHosts} for other hosts, ${log.unattributed} without a route${log.truncated ? `, ${log.truncated} past the line limit` : ""}\n`,
    );
    for (const e of log.errorExamples) io.err(`  line ${e.line}: ${e.reason}\n`);
  }
  for (const n of report.notes) io.err(`note: ${n}\n`);
  if (args.flags.get("json") === true) {
    for (const r of report.results) {
      const { call, ...rest } = r;
      io.out(`${JSON.stringify({ ...call, ...rest })}\n`);
    }
  } else {
    for (const r of report.results) io.out(line(r));
    const s = report.summary;
    io.out(
      `${product}: ${s.calls} call class(es) probed, ${s.same} same, ${s.differs} differ, ${s.failed} failed\n`,
    );
  }
  return report.ok ? 0 : 1;
}
