import { describe, expect, it } from "vitest";
import { compareAnswers } from "./compare-answers";
import { fingerprintAnswer } from "./fingerprint";
import type { GatewayAnswer } from "./gateway-answer";

const echo = (over: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      cluster: "east",
      zone: "us-east-1a",
      namespace: "payments",
      service: "payments",
      pod: "payments-abc",
      labels: { app: "payments", version: "v1" },
      method: "GET",
      path: "/v1/payments",
      host: "payments.my-company.io",
      headers: { "x-request-id": "1" },
      ...over,
    }),
  );

function answer(
  status: number,
  body: Buffer,
  headers: Record<string, string> = { "content-type": "application/json" },
): GatewayAnswer {
  return { ok: true, target: "127.0.0.2:443", ms: 1, ...fingerprintAnswer({ status, headers, body }) };
}

describe("compareAnswers", () => {
  it("ignores the pod, cluster and request headers an echo reports", () => {
    const v = compareAnswers(
      answer(200, echo()),
      answer(200, echo({ pod: "payments-xyz", cluster: "west", headers: { "x-request-id": "2" } }), {
        "content-type": "application/json",
        "x-request-id": "2",
      }),
    );
    expect(v).toEqual({ verdict: "same" });
  });

  it("names the backend when another service answers", () => {
    const v = compareAnswers(answer(200, echo()), answer(200, echo({ service: "credit-card" })));
    expect(v).toEqual({
      verdict: "differs",
      why: expect.stringMatching(/payments\/credit-card instead of payments\/payments/),
    });
  });

  it("a rewritten path or a changed header differs", () => {
    expect(compareAnswers(answer(200, echo()), answer(200, echo({ path: "/payments" }))).why).toBe(
      "same status, different body",
    );
    expect(
      compareAnswers(answer(200, echo()), answer(200, echo(), { "content-type": "text/plain" })).why,
    ).toMatch(/header content-type/);
  });

  it("200 vs 404 differs", () => {
    expect(compareAnswers(answer(200, echo()), answer(404, Buffer.from("")))).toMatchObject({
      verdict: "differs",
    });
  });

  it("a product 5xx fails, whether the shared gateway answers 200 or the same 503", () => {
    const down = answer(503, Buffer.from("no healthy upstream"), { "content-type": "text/plain" });
    expect(compareAnswers(answer(200, echo()), down)).toEqual({
      verdict: "failed",
      why: "product gateway answers 503 where the shared gateway answers 200 from payments/payments",
    });
    expect(compareAnswers(down, down).verdict).toBe("failed");
    expect(compareAnswers(down, answer(200, echo())).verdict).toBe("differs");
  });

  it("a failed call on either side fails, the product's reason first", () => {
    const tls: GatewayAnswer = { ok: false, phase: "tls", why: "TLS handshake failed: x" };
    expect(compareAnswers(answer(200, echo()), tls)).toEqual({
      verdict: "failed",
      why: "product gateway: TLS handshake failed: x",
    });
    expect(compareAnswers(tls, answer(200, echo())).why).toMatch(/^shared gateway: .*no reference answer/);
  });

  it("hashes the whole body when asked to, or when it is not JSON", () => {
    const full = { headers: [], body: "full" as const, bodyFields: [] };
    const a = fingerprintAnswer({ status: 200, headers: {}, body: echo() }, full);
    const b = fingerprintAnswer({ status: 200, headers: {}, body: echo({ pod: "other" }) }, full);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    const t1 = fingerprintAnswer({ status: 200, headers: {}, body: Buffer.from("hello") });
    const t2 = fingerprintAnswer({ status: 200, headers: {}, body: Buffer.from("hellO") });
    expect(t1.upstream).toBeUndefined();
    expect(t1.bodyHash).not.toBe(t2.bodyHash);
  });
});
