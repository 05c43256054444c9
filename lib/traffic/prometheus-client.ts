// PromQL instant queries over Prometheus' HTTP API (/api/v1/query), the one way Portico reads
// traffic. Note: the only URL ever called is the configured base URL plus `/api/v1/query`; no
// caller-supplied URL, no redirects followed (undici follows none without its interceptor), so a
// request to Portico cannot make it call anything else.
import { request } from "undici";
import { z } from "zod";

/** Why a query failed; each kind says what to fix. */
export type PrometheusErrorKind = "unreachable" | "timeout" | "bad-query" | "failed" | "invalid-answer";

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    /** The PromQL that failed. */
    readonly query: string,
  ) {
    super(message);
    this.name = "PrometheusError";
  }
}

export interface PrometheusTarget {
  /** Base URL, e.g. http://prometheus.monitoring:9090 (a path prefix such as /prometheus is kept). */
  url: string;
  /** Milliseconds one query may take, connection included. Default 5000. */
  timeoutMs?: number;
}

/** One sample of an instant vector: the series' labels and its value at the query time. */
export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

// Prometheus answers bigger than this are refused rather than held in memory.
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

const SampleSchema = z.object({
  metric: z.record(z.string(), z.string()),
  value: z.tuple([z.number(), z.string()]),
});

const AnswerSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: z.discriminatedUnion("resultType", [
      z.object({ resultType: z.literal("vector"), result: z.array(SampleSchema) }),
      z.object({ resultType: z.literal("scalar"), result: z.tuple([z.number(), z.string()]) }),
      z.object({ resultType: z.literal("matrix"), result: z.array(z.unknown()) }),
      z.object({ resultType: z.literal("string"), result: z.unknown() }),
    ]),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({
    status: z.literal("error"),
    errorType: z.string(),
    error: z.string(),
  }),
]);

/** `http://host:9090/` → `http://host:9090/api/v1/query`, keeping a path prefix. */
export function queryEndpoint(baseUrl: string): string {
  const u = new URL(baseUrl);
  if ((u.protocol !== "http:" && u.protocol !== "https:") || u.search || u.hash)
    throw new PrometheusError(
      "unreachable",
      `The Prometheus URL ${baseUrl} must be an http(s) base URL without query or fragment, e.g. http://prometheus:9090.`,
      "",
    );
  u.pathname = `${u.pathname.replace(/\/+$/, "")}/api/v1/query`;
  return u.toString();
}

/** Parses a Prometheus sample value ("1.5", "NaN", "+Inf"). */
function sampleValue(v: string): number {
  if (v === "+Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  return Number(v);
}

/**
 * Runs one PromQL instant query and returns its vector (a scalar answer becomes one sample without
 * labels). Throws a PrometheusError: unreachable, timeout, bad-query (Prometheus refused the
 * PromQL), failed (any other non-success), invalid-answer (not Prometheus' JSON).
 */
export async function queryInstant(
  target: PrometheusTarget,
  query: string,
  opts: { time?: Date; signal?: AbortSignal } = {},
): Promise<InstantSample[]> {
  const endpoint = queryEndpoint(target.url);
  const timeoutMs = target.timeoutMs ?? 5000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const form = new URLSearchParams({ query });
  if (opts.time) form.set("time", String(opts.time.getTime() / 1000));
  let status: number;
  let text: string;
  try {
    // POST keeps long batched queries out of the URL (Prometheus accepts both).
    const res = await request(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      signal,
    });
    status = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        res.body.destroy();
        throw new PrometheusError(
          "invalid-answer",
          `Prometheus at ${target.url} answered more than ${MAX_ANSWER_BYTES} bytes; narrow the query.`,
          query,
        );
      }
      chunks.push(chunk);
    }
    text = Buffer.concat(chunks).toString("utf8");
  } catch (err) {
    if (err instanceof PrometheusError) throw err;
    if (timeout.aborted)
      throw new PrometheusError(
        "timeout",
        `Prometheus at ${target.url} did not answer within ${timeoutMs} ms; check that it is up or raise PORTICO_PROMETHEUS_TIMEOUT_S.`,
        query,
      );
    const cause = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new PrometheusError(
      "unreachable",
      `Prometheus at ${target.url} is unreachable (${cause}); check PORTICO_PROMETHEUS_URL and that Prometheus listens there.`,
      query,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PrometheusError(
      "invalid-answer",
      `${target.url} answered HTTP ${status} with something other than JSON; is it Prometheus' base URL?`,
      query,
    );
  }
  const parsed = AnswerSchema.safeParse(json);
  if (!parsed.success)
    throw new PrometheusError(
      "invalid-answer",
      `${target.url} answered HTTP ${status} with JSON that is not a Prometheus query answer; is it Prometheus' base URL?`,
      query,
    );
  const answer = parsed.data;
  if (answer.status === "error") {
    const bad = answer.errorType === "bad_data" || status === 400;
    throw new PrometheusError(
      bad ? "bad-query" : "failed",
      bad
        ? `Prometheus refused the query (${answer.error}): ${query}`
        : `Prometheus at ${target.url} failed the query (HTTP ${status}, ${answer.errorType}: ${answer.error}).`,
      query,
    );
  }
  if (status !== 200)
    throw new PrometheusError("failed", `Prometheus at ${target.url} answered HTTP ${status}.`, query);
  const data = answer.data;
  if (data.resultType === "vector")
    return data.result.map((s) => ({ metric: s.metric, value: sampleValue(s.value[1]) }));
  if (data.resultType === "scalar") return [{ metric: {}, value: sampleValue(data.result[1]) }];
  throw new PrometheusError(
    "bad-query",
    `Expected an instant vector but Prometheus answered a ${data.resultType}; drop the range selector: ${query}`,
    query,
  );
}

/** A PromQL string literal holding `value`. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** A PromQL regex literal matching exactly one of `values` (RE2, anchored by Prometheus). */
export function promAnyOf(values: readonly string[]): string {
  const escaped = [...new Set(values)].sort().map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return promString(escaped.join("|"));
}
