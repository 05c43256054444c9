import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { cutOverGate, dnsCheck, drainCheck, type HostDnsFact } from "./cut-over-gate";
import { StageGateError } from "./stage-gate";

const HOST = "payments.my-company.io";
const engineer = { bindings: [{ role: "platform_engineer" as const, teamId: null }] };
const lead = { bindings: [{ role: "team_lead" as const, teamId: "t1" }] };
const drained = { verdict: "drained" as const, reason: "no request", windowSeconds: 600 };

describe("dnsCheck", () => {
  const fact = (f: Partial<HostDnsFact>): HostDnsFact => ({
    host: HOST,
    publishedPercent: null,
    observedPercent: null,
    ...f,
  });

  it("passes only when every host is sent to the product gateway as published and as observed", () => {
    expect(
      dnsCheck([fact({ publishedPercent: 100, observedPercent: 100, observedAnswers: 20 })]),
    ).toMatchObject({
      pass: true,
      detail: expect.stringContaining("published 100 %, observed 100 % of 20 answers"),
    });
    // Published at 100 % without a resolver: desired state only, still the weights Portico controls.
    expect(dnsCheck([fact({ publishedPercent: 100, observedWhy: "no resolver" })]).pass).toBe(true);
    // Not published by Portico: the resolver's answers are the only evidence.
    expect(dnsCheck([fact({ observedPercent: 100, observedAnswers: 20 })]).pass).toBe(true);
  });

  it("fails on a stage short of 100 %, on answers elsewhere, and when DNS is neither published nor observed", () => {
    expect(dnsCheck([fact({ publishedPercent: 50, observedPercent: 50 })])).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/publishes 50 % of payments.my-company.io.*finish the DNS stages/),
    });
    expect(
      dnsCheck([fact({ publishedPercent: 100, observedPercent: 95, observedAnswers: 20 })]),
    ).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/sent 5 % of 20 answers for payments.my-company.io elsewhere/),
    });
    expect(dnsCheck([fact({ observedWhy: "No resolver is configured" })])).toMatchObject({
      pass: false,
      detail: expect.stringMatching(
        /neither published by Portico nor observed \(No resolver is configured\)/,
      ),
    });
    expect(dnsCheck([]).pass).toBe(false);
    // One host done does not carry another.
    expect(
      dnsCheck([
        fact({ publishedPercent: 100, observedPercent: 100 }),
        fact({ host: "api.payments.my-company.io", publishedPercent: 10 }),
      ]).pass,
    ).toBe(false);
  });
});

describe("drainCheck", () => {
  it("passes only on drained: unknown is a failure, never a pass", () => {
    expect(drainCheck(drained).pass).toBe(true);
    expect(
      drainCheck({ verdict: "unknown", reason: "no Prometheus is configured", windowSeconds: 600 }),
    ).toEqual({
      check: "drain",
      pass: false,
      detail: "drain not observed: no Prometheus is configured",
    });
    expect(
      drainCheck({
        verdict: "still-serving",
        reason: "the shared gateway still serves 2.0 req/s",
        windowSeconds: 600,
      }),
    ).toMatchObject({ pass: false, detail: "the shared gateway still serves 2.0 req/s" });
  });
});

describe("cutOverGate", () => {
  const done: HostDnsFact[] = [{ host: HOST, publishedPercent: 100, observedPercent: 100 }];
  const unknown = { verdict: "unknown" as const, reason: "Prometheus unreachable", windowSeconds: 600 };

  it("passes with both checks", () => {
    expect(cutOverGate({ dns: done, drain: drained, actor: lead })).toMatchObject({ kind: "passed" });
  });

  it("holds with a 409 naming every failed check, and lets only a platform engineer override with a reason", () => {
    let held: unknown;
    try {
      cutOverGate({ dns: done, drain: unknown, actor: engineer });
    } catch (err) {
      held = err;
    }
    expect(held).toBeInstanceOf(StageGateError);
    expect((held as StageGateError).message).toMatch(
      /The cut-over is held: drain not observed: Prometheus unreachable/,
    );
    expect(() =>
      cutOverGate({
        dns: done,
        drain: unknown,
        actor: lead,
        override: { reason: "traffic checked by hand" },
      }),
    ).toThrow(AppError);
    expect(() =>
      cutOverGate({ dns: done, drain: unknown, actor: engineer, override: { reason: "ok" } }),
    ).toThrow(/at least 10 characters/);
    expect(
      cutOverGate({
        dns: done,
        drain: unknown,
        actor: engineer,
        override: { reason: "traffic checked by hand" },
      }),
    ).toMatchObject({ kind: "overridden", reason: "traffic checked by hand" });
  });
});
