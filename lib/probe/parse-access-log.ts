/** One deduplicated call seen in an access log: method, host (when the format logs it), path. */
export interface AccessLogSample {
  method: string;
  /** `:authority` of the request; undefined for ingress-nginx's default format, which omits it. */
  host?: string;
  /** Path without query string or fragment. */
  path: string;
  /** Lines of this call. */
  count: number;
}

export interface AccessLogReport {
  /** Non-empty lines read (at most `maxLines`). */
  lines: number;
  /** Lines parsed, per format. */
  envoy: number;
  nginx: number;
  /** Lines that are neither format or carry no usable request; never thrown. */
  errors: number;
  /** The first few errors, to show the person what went wrong. */
  errorExamples: Array<{ line: number; reason: string; text: string }>;
  /** Lines past `maxLines`, not read. */
  truncated: number;
}

export interface ParsedAccessLog {
  samples: AccessLogSample[];
  report: AccessLogReport;
}

// Istio's default (Envoy text format with RESPONSE_CODE_DETAILS and friends) and Envoy's own default
// share this head: `[START_TIME] "METHOD PATH PROTOCOL" RESPONSE_CODE …`.
const ENVOY_HEAD = /^\[[^\]]+\] "([^" ]+) ([^" ]+) [^"]*" (\d{1,3}|-) (.*)$/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
// ingress-nginx's `upstreaminfo` format:
// $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
// "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name]
// $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id
const NGINX =
  /^\S+ - \S+ \[[^\]]+\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*" \d+ [\d.]+ \[[^\]]*\] \[[^\]]*\]/;
const METHOD = /^[A-Z][A-Z-]{0,19}$/;
const HOST = /^[a-z0-9*]([a-z0-9.-]*[a-z0-9])?$/;

type Line = { method: string; target: string; host?: string; format: "envoy" | "nginx" } | { error: string };

function parseLine(text: string): Line {
  const e = ENVOY_HEAD.exec(text);
  if (e) {
    const quoted = [...e[4]!.matchAll(QUOTED)].map((m) => m[1]!);
    // Authority is the second-to-last quoted field in both Envoy's and Istio's default formats.
    if (quoted.length < 5) return { error: "Envoy format: fewer quoted fields than the default format has" };
    const authority = quoted[quoted.length - 2]!;
    return { method: e[1]!, target: e[2]!, host: authority === "-" ? undefined : authority, format: "envoy" };
  }
  const n = NGINX.exec(text);
  if (n) {
    const request = n[1]!.split(" ");
    if (request.length !== 3)
      return { error: `ingress-nginx format: request "${n[1]}" is not METHOD PATH PROTOCOL` };
    return { method: request[0]!, target: request[1]!, format: "nginx" };
  }
  return { error: "neither Envoy/Istio's default format nor ingress-nginx's default format" };
}

/** Path (no query, no fragment) and host of an origin-form or absolute-form request target. */
function splitTarget(target: string): { path: string; host?: string } | undefined {
  if (/^https?:\/\//i.test(target)) {
    try {
      const u = new URL(target);
      return { path: u.pathname, host: u.hostname };
    } catch {
      return undefined;
    }
  }
  if (!target.startsWith("/")) return undefined;
  const cut = target.search(/[?#]/);
  return { path: cut >= 0 ? target.slice(0, cut) : target };
}

/**
 * Reads an uploaded access log into deduplicated calls (method + host + path without query).
 * Lines of either default format may be mixed; a line that fits neither is counted and shown,
 * never thrown, so one bad line does not cost the other thousands.
 */
export function parseAccessLog(text: string, options: { maxLines?: number } = {}): ParsedAccessLog {
  const maxLines = options.maxLines ?? 20_000;
  const report: AccessLogReport = {
    lines: 0,
    envoy: 0,
    nginx: 0,
    errors: 0,
    errorExamples: [],
    truncated: 0,
  };
  const samples = new Map<string, AccessLogSample>();
  const fail = (line: number, reason: string, raw: string) => {
    report.errors++;
    if (report.errorExamples.length < 5) report.errorExamples.push({ line, reason, text: raw.slice(0, 200) });
  };
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!.trim();
    if (raw === "") continue;
    if (report.lines >= maxLines) {
      report.truncated++;
      continue;
    }
    report.lines++;
    const parsed = parseLine(raw);
    if ("error" in parsed) {
      fail(i + 1, parsed.error, raw);
      continue;
    }
    if (!METHOD.test(parsed.method)) {
      fail(i + 1, `"${parsed.method.slice(0, 20)}" is not an HTTP method`, raw);
      continue;
    }
    const target = splitTarget(parsed.target);
    if (!target) {
      fail(i + 1, `"${parsed.target.slice(0, 80)}" is not a request path`, raw);
      continue;
    }
    const host = (target.host ?? parsed.host)?.toLowerCase().replace(/:\d+$/, "");
    if (host !== undefined && !HOST.test(host)) {
      fail(i + 1, `"${host.slice(0, 80)}" is not a host name`, raw);
      continue;
    }
    report[parsed.format]++;
    const key = `${parsed.method} ${host ?? ""} ${target.path}`;
    const seen = samples.get(key);
    if (seen) seen.count++;
    else samples.set(key, { method: parsed.method, ...(host ? { host } : {}), path: target.path, count: 1 });
  }
  return { samples: [...samples.values()], report };
}
