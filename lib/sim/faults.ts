/** Run-time faults of one cluster. Every field is optional; an empty object means healthy. */
export interface Faults {
  /** Added to every request before it is handled. */
  latencyMs?: number;
  /** Fraction (0..1) of requests answered 500 or 503. */
  errorRate?: number;
  errorCode?: 500 | 503;
  /** Fraction (0..1) of requests answered 429 with Retry-After. */
  throttleRate?: number;
  retryAfterSeconds?: number;
  /** Fraction (0..1) of requests whose socket is destroyed without an answer. */
  dropRate?: number;
  /** "refuse": the listener is closed (ECONNREFUSED); "reset": connections are reset on accept. */
  down?: false | "refuse" | "reset";
  /** Restricts error/throttle/drop/latency to these verbs and/or resources ("gateways"). */
  match?: { verbs?: string[]; resources?: string[] };
  competingWriter?: CompetingWriter | null;
}

/** Another controller that keeps writing one field of matching objects under its own manager. */
export interface CompetingWriter {
  manager: string;
  group?: string;
  resource: string;
  namespace?: string;
  name?: string;
  /** ".spec.x.y": maps only. */
  field: string;
  value: unknown;
  /** Rewrites the field this often; without it, once when switched on. */
  intervalMs?: number;
}

export type FaultDecision =
  | { action: "pass" }
  | { action: "drop" }
  | { action: "throttle"; retryAfterSeconds: number }
  | { action: "error"; code: 500 | 503 };

export function matchesFault(f: Faults, verb: string, resource: string): boolean {
  if (f.match?.verbs && !f.match.verbs.includes(verb)) return false;
  if (f.match?.resources && !f.match.resources.includes(resource)) return false;
  return true;
}

export function decide(f: Faults, random: () => number = Math.random): FaultDecision {
  if (f.dropRate && random() < f.dropRate) return { action: "drop" };
  if (f.throttleRate && random() < f.throttleRate) {
    return { action: "throttle", retryAfterSeconds: f.retryAfterSeconds ?? 1 };
  }
  if (f.errorRate && random() < f.errorRate) return { action: "error", code: f.errorCode ?? 500 };
  return { action: "pass" };
}

export function validateFaults(f: unknown): Faults {
  if (typeof f !== "object" || f === null || Array.isArray(f)) throw new Error("faults must be an object");
  const o = f as Record<string, unknown>;
  const rate = (k: string) => {
    const v = o[k];
    if (v !== undefined && (typeof v !== "number" || v < 0 || v > 1))
      throw new Error(`${k} must be a number in [0,1]`);
  };
  rate("errorRate");
  rate("throttleRate");
  rate("dropRate");
  if (
    o.latencyMs !== undefined &&
    (typeof o.latencyMs !== "number" || o.latencyMs < 0 || o.latencyMs > 600_000)
  ) {
    throw new Error("latencyMs must be a number in [0,600000]");
  }
  if (o.errorCode !== undefined && o.errorCode !== 500 && o.errorCode !== 503)
    throw new Error("errorCode must be 500 or 503");
  if (o.down !== undefined && o.down !== false && o.down !== "refuse" && o.down !== "reset") {
    throw new Error('down must be false, "refuse" or "reset"');
  }
  const cw = o.competingWriter as Record<string, unknown> | null | undefined;
  if (cw) {
    if (typeof cw.manager !== "string" || typeof cw.resource !== "string" || typeof cw.field !== "string") {
      throw new Error("competingWriter needs manager, resource and field");
    }
    if (cw.intervalMs !== undefined && (typeof cw.intervalMs !== "number" || cw.intervalMs < 10)) {
      throw new Error("competingWriter.intervalMs must be >= 10");
    }
  }
  return o as Faults;
}
