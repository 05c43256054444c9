import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { stageGate, StageGateError, type ErrorRateEvidence, type ProbeEvidence } from "./stage-gate";

const same: ProbeEvidence = {
  ran: true,
  ok: true,
  summary: { calls: 2, same: 2, differs: 0, failed: 0 },
  notSame: [],
};
const differs: ProbeEvidence = {
  ran: true,
  ok: false,
  summary: { calls: 2, same: 1, differs: 1, failed: 0 },
  notSame: [
    {
      cluster: "east",
      method: "GET",
      host: "p.io",
      path: "/v1/refunds",
      verdict: "differs",
      why: "status 200 vs 404",
    },
  ],
};
const rate = (errorRate: number | null, requests = 1000): ErrorRateEvidence => ({
  observed: true,
  errorRate,
  requests,
  errors: errorRate === null ? 0 : errorRate * requests,
  windowSeconds: 300,
  queries: [{ prometheus: "http://127.0.0.1:9090", query: "q" }],
});
const unobserved: ErrorRateEvidence = {
  observed: false,
  why: "PORTICO_PROMETHEUS_URL is not set",
  queries: [],
};
const engineer = { id: "u", email: "e@x", bindings: [{ role: "platform_engineer", teamId: null }] };
const lead = { id: "l", email: "l@x", bindings: [{ role: "team_lead", teamId: "t" }] };

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

describe("stageGate", () => {
  it("passes a forward stage when the probe is all same and the error rate is below 1 % (or no traffic yet)", () => {
    expect(
      stageGate({ direction: "forward", from: 10, probe: same, errorRate: rate(0.005), actor: null }).kind,
    ).toBe("passed");
    const quiet = stageGate({
      direction: "forward",
      from: null,
      probe: same,
      errorRate: rate(null, 0),
      actor: null,
    });
    expect(quiet.checks[1]).toMatchObject({
      pass: true,
      detail: expect.stringMatching(/no request reached/),
    });
  });

  it("holds on a differing probe, naming a call, and offers nothing to return when no client is there yet", () => {
    const e = thrown(() =>
      stageGate({ direction: "forward", from: null, probe: differs, errorRate: rate(0), actor: engineer }),
    );
    expect(e).toBeInstanceOf(StageGateError);
    expect((e as StageGateError).status).toBe(409);
    expect((e as StageGateError).message).toMatch(
      /held: 1 of 2 call classes answer the same, 1 differ.*GET p\.io\/v1\/refunds in east: differs \(status 200 vs 404\).*Nothing was saved/,
    );
    expect((e as StageGateError).offer).toBeUndefined();
  });

  it("holds when the error rate is not observed, and when it is above the threshold offers to return", () => {
    expect(
      (
        thrown(() =>
          stageGate({ direction: "forward", from: 10, probe: same, errorRate: unobserved, actor: null }),
        ) as Error
      ).message,
    ).toMatch(/error rate not observed: PORTICO_PROMETHEUS_URL is not set/);
    const e = thrown(() =>
      stageGate({ direction: "forward", from: 10, probe: same, errorRate: rate(0.05), actor: null }),
    ) as StageGateError;
    expect(e.message).toMatch(/5\.00 % of 1000 requests answered 5xx.*threshold 1\.00 %.*"return"/);
    expect(e.offer).toMatchObject({ percent: "return" });
    expect(e.toJSON().error.details).toMatchObject({
      offer: { percent: "return" },
      checks: [{ pass: true }, { pass: false }],
    });
    // A custom threshold.
    expect(
      stageGate({
        direction: "forward",
        from: 10,
        probe: same,
        errorRate: rate(0.05),
        threshold: 0.1,
        actor: null,
      }).kind,
    ).toBe("passed");
  });

  it("never holds a move back", () => {
    expect(
      stageGate({
        direction: "back",
        from: 50,
        probe: { ran: false, why: "x" },
        errorRate: rate(0.9),
        actor: null,
      }).kind,
    ).toBe("passed");
  });

  it("lets a platform engineer override with a reason; refuses others and short reasons", () => {
    const v = stageGate({
      direction: "forward",
      from: 10,
      probe: differs,
      errorRate: unobserved,
      override: { reason: "  refunds retired, Prometheus down for maintenance " },
      actor: engineer,
    });
    expect(v).toMatchObject({
      kind: "overridden",
      reason: "refunds retired, Prometheus down for maintenance",
    });
    const forbidden = thrown(() =>
      stageGate({
        direction: "forward",
        from: 10,
        probe: differs,
        errorRate: unobserved,
        override: { reason: "refunds retired long ago" },
        actor: lead,
      }),
    );
    expect((forbidden as AppError).status).toBe(403);
    const short = thrown(() =>
      stageGate({
        direction: "forward",
        from: 10,
        probe: differs,
        errorRate: unobserved,
        override: { reason: "ok" },
        actor: engineer,
      }),
    );
    expect((short as AppError).status).toBe(400);
  });
});
