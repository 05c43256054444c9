import { describe, expect, it } from "vitest";
import { errorFromResponse, errorFromThrown, KubeApiError, parseRetryAfter } from "./kube-api-error";
import { backoffDelay, retryDelay, sleep, withRetry, type RetryPolicy } from "./retry";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const status = (code: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  errorFromResponse(code, headers, { kind: "Status", message: `status ${code}`, ...extra });

describe("backoffDelay", () => {
  it("doubles up to the cap, with half of each delay jittered", () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});

describe("retryDelay", () => {
  it("never retries 4xx validation, auth, not found and conflicts", () => {
    for (const code of [400, 401, 403, 404, 409, 422])
      expect(retryDelay(status(code), 1, policy)).toBeUndefined();
  });

  it("retries 5xx and network errors with backoff, until the attempts run out", () => {
    expect(retryDelay(status(503), 1, policy, () => 0)).toBe(50);
    expect(retryDelay(status(500), 2, policy, () => 0)).toBe(100);
    expect(retryDelay(status(500), 4, policy)).toBeUndefined();
    const refused = errorFromThrown(
      Object.assign(new TypeError("fetch failed"), {
        cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED" },
      }),
    );
    expect(refused.kind).toBe("network");
    expect(retryDelay(refused, 1, policy, () => 1)).toBe(100);
  });

  it("waits what a 429 asks, and gives up when it asks too much", () => {
    expect(retryDelay(status(429, {}, { "retry-after": "2" }), 1, policy)).toBe(2_000);
    expect(retryDelay(status(429, { details: { retryAfterSeconds: 3 } }), 1, policy)).toBe(3_000);
    expect(retryDelay(status(429, {}, { "retry-after": "60" }), 1, policy)).toBeUndefined();
    expect(retryDelay(status(429), 1, policy, () => 0)).toBe(50);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("stops at the first non-retryable error", async () => {
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw status(403);
      },
      { policy },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).kind).toBe("forbidden");
    expect(calls).toBe(1);
  });

  it("retries then succeeds, reporting each wait", async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw status(500);
        return "ok";
      },
      { policy: { ...policy, baseDelayMs: 2 }, onRetry: ({ delayMs }) => waits.push(delayMs) },
    );
    expect(value).toBe("ok");
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it("stops waiting as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const err = await withRetry(
      async () => {
        throw status(503);
      },
      { policy: { ...policy, baseDelayMs: 10_000, maxDelayMs: 10_000 }, signal: controller.signal },
    ).catch((e: unknown) => e);
    expect((err as KubeApiError).kind).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("sleep rejects at once on an aborted signal", async () => {
    await expect(sleep(1_000, AbortSignal.abort())).rejects.toMatchObject({ kind: "aborted" });
  });
});

describe("KubeApiError", () => {
  it("parses field manager conflicts from a 409 Status", () => {
    const err = errorFromResponse(
      409,
      {},
      {
        kind: "Status",
        reason: "Conflict",
        message: "Apply failed with 1 conflict",
        details: {
          causes: [
            {
              type: "FieldManagerConflict",
              message: 'conflict with "kubectl" using apps/v1',
              field: ".spec.replicas",
            },
          ],
        },
      },
    );
    expect(err.kind).toBe("conflict");
    expect(err.conflicts).toEqual([{ manager: "kubectl", field: ".spec.replicas" }]);
    expect(err.retryable).toBe(false);
  });

  it("classifies statuses", () => {
    expect(status(422).kind).toBe("invalid");
    expect(status(400).kind).toBe("invalid");
    expect(status(401).kind).toBe("unauthorized");
    expect(status(404).kind).toBe("notFound");
    expect(status(429).kind).toBe("rateLimited");
    expect(status(502).kind).toBe("unavailable");
    // A proxy's page is never copied into the message (it is stored and shown).
    const proxied = errorFromResponse(502, {}, "<html>bad gateway</html>").message;
    expect(proxied).toBe("502 BadGateway (the answer is not a Kubernetes Status; its body is not shown)");
  });

  it("classifies timeouts and aborts", () => {
    expect(
      errorFromThrown(Object.assign(new Error("x"), { name: "TimeoutError" }), "GET /api", 50).kind,
    ).toBe("network");
    expect(errorFromThrown(Object.assign(new Error("x"), { name: "AbortError" })).kind).toBe("aborted");
  });
});
