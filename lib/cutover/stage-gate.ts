// Whether a DNS stage may send more clients to the product gateway: the product's probe must find
// every call the same on both gateways, and the product gateway's error rate over the last window
// must be observed and below a threshold. Moving back is never blocked: it is the way out. A failed
// gate can be overridden only by a role holding `cutover:override-gate`, with a written reason (the
// caller audits it). Pure: the caller probes, reads Prometheus and stores.
import { canEverywhere, type RoleHolder } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { MIN_OVERRIDE_REASON } from "@/lib/revisions/analysis-gate";

export const DEFAULT_ERROR_RATE_THRESHOLD = 0.01;
export const DEFAULT_ERROR_RATE_WINDOW_SECONDS = 300;

/** What the probe of the product found, as the gate needs it. */
export type ProbeEvidence =
  | {
      ran: true;
      ok: boolean;
      summary: { calls: number; same: number; differs: number; failed: number };
      /** The call classes that were not `same` (at most 20), with why. */
      notSame: Array<{
        cluster: string;
        method: string;
        host: string;
        path: string;
        verdict: string;
        why?: string;
      }>;
    }
  | { ran: false; why: string };

/** The product gateway's error rate over the window, from Prometheus, or why it is unknown. */
export type ErrorRateEvidence =
  | {
      observed: true;
      /** errors / requests; null when no request arrived in the window. */
      errorRate: number | null;
      requests: number;
      errors: number;
      windowSeconds: number;
      /** The PromQL sent to each distinct Prometheus. */
      queries: Array<{ prometheus: string; query: string }>;
    }
  | {
      observed: false;
      why: string;
      queries: Array<{ prometheus: string; query: string }>;
    };

export interface GateCheck {
  check: "probe" | "error-rate" | "dns" | "drain";
  pass: boolean;
  detail: string;
}

export type GateVerdict =
  { kind: "passed"; checks: GateCheck[] } | { kind: "overridden"; checks: GateCheck[]; reason: string };

/** A failed gate: what failed, the evidence, and the way back when the product gateway is failing. */
export class StageGateError extends AppError {
  constructor(
    message: string,
    readonly checks: GateCheck[],
    /** Offered when the product gateway already takes clients and errs: return the weights. */
    readonly offer?: { percent: "return"; why: string },
  ) {
    super("CONFLICT", message, { details: { checks, ...(offer ? { offer } : {}) } });
  }
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.001 && rate > 0 ? 3 : 2)} %`;
}

export function probeCheck(probe: ProbeEvidence): GateCheck {
  if (!probe.ran) return { check: "probe", pass: false, detail: `probe not run: ${probe.why}` };
  const { calls, same, differs, failed } = probe.summary;
  if (probe.ok) return { check: "probe", pass: true, detail: `all ${calls} call classes answer the same` };
  if (calls === 0)
    return { check: "probe", pass: false, detail: "the probe sent no call: nothing was compared" };
  const first = probe.notSame[0];
  const example = first
    ? `; e.g. ${first.method} ${first.host}${first.path} in ${first.cluster}: ${first.verdict}${first.why ? ` (${first.why})` : ""}`
    : "";
  return {
    check: "probe",
    pass: false,
    detail: `${same} of ${calls} call classes answer the same, ${differs} differ, ${failed} failed${example}`,
  };
}

export function errorRateCheck(rate: ErrorRateEvidence, threshold: number): GateCheck {
  if (!rate.observed)
    return { check: "error-rate", pass: false, detail: `error rate not observed: ${rate.why}` };
  if (rate.errorRate === null)
    return {
      check: "error-rate",
      pass: true,
      detail: `no request reached the product gateway in the last ${rate.windowSeconds} s: no errors to count`,
    };
  const pass = rate.errorRate < threshold;
  return {
    check: "error-rate",
    pass,
    detail: `${percent(rate.errorRate)} of ${Math.round(rate.requests)} requests answered 5xx in the last ${rate.windowSeconds} s (threshold ${percent(threshold)})`,
  };
}

function isRoleHolder(actor: unknown): actor is RoleHolder {
  return typeof actor === "object" && actor !== null && Array.isArray((actor as RoleHolder).bindings);
}

/**
 * The verdict on a stage. Throws a StageGateError (409) when a check fails and there is no
 * override, 403 when the caller may not override, 400 when the reason is too short.
 */
export function stageGate(input: {
  direction: "forward" | "back";
  /** Percentage at the product gateway now; a failing product gateway that already takes clients gets a return offer. */
  from: number | null;
  probe: ProbeEvidence;
  errorRate: ErrorRateEvidence;
  threshold?: number;
  override?: { reason: string };
  actor: unknown;
}): GateVerdict {
  const threshold = input.threshold ?? DEFAULT_ERROR_RATE_THRESHOLD;
  const rateCheck = errorRateCheck(input.errorRate, threshold);
  // Moving back is the remedy for a failing gate, so it is never refused; its evidence is still shown.
  if (input.direction === "back")
    return {
      kind: "passed",
      checks: [
        { check: "probe", pass: true, detail: "not required: the stage moves clients back" },
        rateCheck,
      ],
    };
  const checks = [probeCheck(input.probe), rateCheck];
  const erring = input.errorRate.observed && input.errorRate.errorRate !== null && !rateCheck.pass;
  const offer =
    erring && (input.from ?? 0) > 0
      ? {
          percent: "return" as const,
          why: `the product gateway errs above the threshold while it takes ${input.from} % of clients; return the weights to the shared gateway`,
        }
      : undefined;
  return judgeGate({
    what: "stage",
    checks,
    override: input.override,
    actor: input.actor,
    remedy: offer ? ', or return the weights ({"percent": "return"})' : "",
    offer,
  });
}

/**
 * The verdict on a set of checks: passed, or held (409 with the checks) unless a caller holding
 * `cutover:override-gate` gives a written reason. One rule for every cutover gate (DNS stages and
 * the final cut-over), so an override means the same everywhere.
 */
export function judgeGate(input: {
  /** What is held, in words: "stage", "cut-over". */
  what: string;
  checks: GateCheck[];
  override?: { reason: string };
  actor: unknown;
  /** Appended to the "ask again" sentence, e.g. the way back. */
  remedy?: string;
  offer?: { percent: "return"; why: string };
}): GateVerdict {
  const { checks } = input;
  const failed = checks.filter((c) => !c.pass);
  if (failed.length === 0) return { kind: "passed", checks };
  const summary = failed.map((c) => c.detail).join("; ");
  if (!input.override)
    throw new StageGateError(
      `The ${input.what} is held: ${summary}. Nothing was saved. Fix the cause and ask again${input.remedy ?? ""}; a platform engineer may override with a written reason.`,
      checks,
      input.offer,
    );
  if (!isRoleHolder(input.actor) || !canEverywhere(input.actor, "cutover:override-gate"))
    throw AppError.forbidden(
      `Only a platform engineer may override a failed ${input.what} gate (${summary}); nothing was saved.`,
    );
  const reason = input.override.reason.trim();
  if (reason.length < MIN_OVERRIDE_REASON)
    throw AppError.badRequest(
      `Say why the failed gate may be ignored in at least ${MIN_OVERRIDE_REASON} characters; nothing was saved.`,
    );
  return { kind: "overridden", checks, reason };
}
