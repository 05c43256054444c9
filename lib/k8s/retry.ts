// Retrying cluster requests, in one place. What is retried and how long to wait are decided here only:
// - 429: wait what the server asks (Retry-After), or back off when it does not say;
// - 5xx and network errors (refused, reset, timeout): jittered exponential backoff;
// - never 4xx answers (invalid, 401, 403, 404, 409): repeating them cannot succeed and, for 401/403,
//   would hammer an API server with bad credentials.
// Every wait is abortable so the sync worker can shut down promptly.
import { KubeApiError, errorFromThrown } from "./kube-api-error";

export type RetryPolicy = {
  /** Total attempts including the first (1 = no retry). */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** Largest backoff between two attempts. */
  maxDelayMs: number;
  /**
   * Longest Retry-After we are willing to wait; a server asking for longer fails the request so the
   * caller can reschedule instead of holding a worker.
   */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Backoff before attempt `attempt + 1` (attempt counts from 1): half fixed, half random ("equal
 * jitter"), so many workers retrying after one outage spread out but none retries immediately.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** How long to wait before retrying after `err` on attempt `attempt`, or undefined to give up. */
export function retryDelay(
  err: KubeApiError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (!err.retryable || attempt >= policy.maxAttempts) return undefined;
  if (err.kind === "rateLimited" && err.retryAfterMs !== undefined) {
    return err.retryAfterMs <= policy.maxRetryAfterMs ? err.retryAfterMs : undefined;
  }
  return backoffDelay(attempt, policy, random);
}

function abortError(signal: AbortSignal): KubeApiError {
  return new KubeApiError({
    kind: "aborted",
    reason: "Aborted",
    message: "request aborted",
    cause: signal.reason,
  });
}

/** Resolves after `ms`, or rejects with an `aborted` KubeApiError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export type RetryOptions = {
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Called before each wait; for logging and metrics (never given credentials). */
  onRetry?: (info: { attempt: number; delayMs: number; error: KubeApiError }) => void;
  random?: () => number;
};

/** Runs `fn` (given the attempt number, from 1) until it succeeds or fails in a way not worth retrying. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    try {
      return await fn(attempt);
    } catch (thrown) {
      const error = errorFromThrown(thrown);
      if (options.signal?.aborted) throw abortError(options.signal);
      const delayMs = retryDelay(error, attempt, policy, options.random);
      if (delayMs === undefined) throw error;
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
