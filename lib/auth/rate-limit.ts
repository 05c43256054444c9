// A fixed-window counter of failed sign-ins per key (email and client address), kept in memory.
// Note: per process only; with several replicas an attacker gets N times the budget, which still
// stops online guessing at scale. Move to Postgres if that matters.
type Window = { count: number; resetAt: number };

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) return 0;
    return w.count >= this.max ? w.resetAt - now : 0;
  }

  fail(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    else w.count += 1;
    if (this.windows.size > 10_000) {
      for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k);
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}

const globalLimiter = globalThis as unknown as { portico_signin_limiter?: FailureLimiter };

/** 10 failed attempts per email per 15 minutes. */
export const signInLimiter = (globalLimiter.portico_signin_limiter ??= new FailureLimiter(
  10,
  15 * 60 * 1000,
));
