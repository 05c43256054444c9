/**
 * Istio's standard metrics and Envoy's default access log for one proxy (a gateway, or the mesh
 * entry), served in Prometheus text format the way Istio's merged metrics are (port 15020,
 * /stats/prometheus). Only the labels Istio documents as standard are kept.
 */
export interface RequestRecord {
  reporter: "source" | "destination";
  sourceWorkload: string;
  sourceNamespace: string;
  sourceApp?: string;
  destinationService: string;
  destinationServiceName: string;
  destinationServiceNamespace: string;
  destinationWorkload: string;
  destinationWorkloadNamespace: string;
  destinationCluster: string;
  sourceCluster: string;
  responseCode: number;
  responseFlags: string;
  requestProtocol: string;
  durationMs: number;
}

const LABELS: [keyof RequestRecord, string][] = [
  ["reporter", "reporter"],
  ["sourceWorkload", "source_workload"],
  ["sourceNamespace", "source_workload_namespace"],
  ["sourceApp", "source_app"],
  ["sourceCluster", "source_cluster"],
  ["destinationService", "destination_service"],
  ["destinationServiceName", "destination_service_name"],
  ["destinationServiceNamespace", "destination_service_namespace"],
  ["destinationWorkload", "destination_workload"],
  ["destinationWorkloadNamespace", "destination_workload_namespace"],
  ["destinationCluster", "destination_cluster"],
  ["responseCode", "response_code"],
  ["responseFlags", "response_flags"],
  ["requestProtocol", "request_protocol"],
];

// Istio's default buckets for istio_request_duration_milliseconds.
const BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export class ProxyTelemetry {
  private series = new Map<string, Series>();
  private tcp = new Map<string, { labels: string; opened: number; sent: number; received: number }>();
  private log: string[] = [];
  private logStart = 0;

  constructor(private readonly maxLogLines = 5000) {}

  record(r: RequestRecord): void {
    const labels = LABELS.map(([k, name]) => `${name}="${escape(String(r[k] ?? "unknown"))}"`).join(",");
    let s = this.series.get(labels);
    if (!s) this.series.set(labels, (s = { labels, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) }));
    s.count++;
    s.sum += r.durationMs;
    for (let i = 0; i < BUCKETS.length; i++) if (r.durationMs <= BUCKETS[i]!) s.buckets[i]!++;
  }

  /** A TCP or TLS-passthrough connection (no HTTP seen): Istio's TCP metrics. */
  recordTcp(
    r: Omit<RequestRecord, "responseCode" | "responseFlags" | "requestProtocol" | "durationMs">,
    sent: number,
    received: number,
  ): void {
    const labels = LABELS.filter(([k]) => k in r || k === "sourceApp")
      .map(([k, name]) => `${name}="${escape(String((r as RequestRecord)[k] ?? "unknown"))}"`)
      .concat('request_protocol="tcp"')
      .join(",");
    let s = this.tcp.get(labels);
    if (!s) this.tcp.set(labels, (s = { labels, opened: 0, sent: 0, received: 0 }));
    s.opened++;
    s.sent += sent;
    s.received += received;
  }

  accessLog(line: string): void {
    this.log.push(line);
    if (this.log.length > this.maxLogLines * 2) {
      this.logStart += this.log.length - this.maxLogLines;
      this.log = this.log.slice(-this.maxLogLines);
    }
  }

  /** The newest lines, oldest first. */
  accessLogLines(limit = this.maxLogLines): string[] {
    return this.log.slice(-limit);
  }

  prometheusText(): string {
    const out: string[] = [
      "# HELP istio_requests_total Total requests.",
      "# TYPE istio_requests_total counter",
    ];
    for (const s of this.series.values()) out.push(`istio_requests_total{${s.labels}} ${s.count}`);
    out.push(
      "# HELP istio_request_duration_milliseconds Request duration in milliseconds.",
      "# TYPE istio_request_duration_milliseconds histogram",
    );
    for (const s of this.series.values()) {
      BUCKETS.forEach((b, i) =>
        out.push(`istio_request_duration_milliseconds_bucket{${s.labels},le="${b}"} ${s.buckets[i]}`),
      );
      out.push(`istio_request_duration_milliseconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      out.push(`istio_request_duration_milliseconds_sum{${s.labels}} ${s.sum}`);
      out.push(`istio_request_duration_milliseconds_count{${s.labels}} ${s.count}`);
    }
    out.push("# TYPE istio_tcp_connections_opened_total counter");
    for (const s of this.tcp.values())
      out.push(`istio_tcp_connections_opened_total{${s.labels}} ${s.opened}`);
    out.push("# TYPE istio_tcp_sent_bytes_total counter");
    for (const s of this.tcp.values()) out.push(`istio_tcp_sent_bytes_total{${s.labels}} ${s.sent}`);
    out.push("# TYPE istio_tcp_received_bytes_total counter");
    for (const s of this.tcp.values()) out.push(`istio_tcp_received_bytes_total{${s.labels}} ${s.received}`);
    return out.join("\n") + "\n";
  }
}

/** Envoy's default access log format, as Istio configures it (meshConfig.accessLogFormat unset). */
export function envoyAccessLogLine(f: {
  start: Date;
  method: string;
  path: string;
  protocol: string;
  status: number;
  flags: string;
  details: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  upstreamServiceTimeMs?: number;
  forwardedFor?: string;
  userAgent?: string;
  requestId?: string;
  authority: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  downstreamLocal: string;
  downstreamRemote: string;
  serverName?: string;
  routeName?: string;
}): string {
  const q = (v: string | undefined) => `"${v ?? "-"}"`;
  const d = (v: string | number | undefined) => (v === undefined || v === "" ? "-" : String(v));
  return (
    `[${f.start.toISOString()}] "${f.method} ${f.path} ${f.protocol}" ${f.status} ${d(f.flags)} ${d(f.details)} - "-" ` +
    `${f.bytesReceived} ${f.bytesSent} ${Math.round(f.durationMs)} ${d(f.upstreamServiceTimeMs)} ` +
    `${q(f.forwardedFor)} ${q(f.userAgent)} ${q(f.requestId)} ${q(f.authority)} ${q(f.upstreamHost)} ` +
    `${d(f.upstreamCluster)} - ${f.downstreamLocal} ${f.downstreamRemote} ${d(f.serverName)} ${d(f.routeName)}`
  );
}
