// Failed sign-ins, counted in Postgres so every replica shares one budget. Two keys per attempt:
// the client address (all accounts tried from it) and the account from that address. Past a few
// free failures, each failure doubles the wait before the key may try again, up to a ceiling.
//
// Note: there is no account-wide key. A wait on the account itself would let anyone hold any
// account (the admin's included) shut by failing on purpose; keyed by account and address, a
// guesser only slows itself, and guessing from many addresses meets each address's own limit.
import { prisma } from "@/lib/db/client";

export type ThrottlePolicy = {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** Wait after the first failure past the free ones; doubled by each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
};

export const SIGN_IN_POLICY: Record<"ip" | "account", ThrottlePolicy> = {
  ip: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
  account: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
};

/** Wait after `failures` failures under `policy` (0 while failures are free). */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
}

/**
 * The keys an attempt counts against. Note: without a known address (a caller that is not behind
 * Next.js's server, such as a test), only the account key applies: one shared "unknown" bucket
 * would let one caller throttle every other.
 */
export function signInKeys(email: string, ip: string | null): string[] {
  if (!ip) return [`account:${email}|unknown`];
  return [`ip:${ip}`, `account:${email}|${ip}`];
}

export function policyOf(key: string): ThrottlePolicy {
  return key.startsWith("ip:") ? SIGN_IN_POLICY.ip : SIGN_IN_POLICY.account;
}

/** Milliseconds until the longest of `keys`' waits ends, or 0 when all may try now. */
export async function throttleWait(keys: readonly string[], now = new Date()): Promise<number> {
  const rows = await prisma.signInThrottle.findMany({
    where: { key: { in: [...keys] }, blockedUntil: { gt: now } },
    select: { blockedUntil: true },
  });
  return Math.max(0, ...rows.map((r) => r.blockedUntil!.getTime() - now.getTime()));
}

/** Counts a failure for `key` and sets its next wait, in one statement (replicas race safely). */
export async function recordFailure(key: string, policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs);
  const [row] = await prisma.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" (key, failures, "lastFailedAt") VALUES (${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN "SignInThrottle"."lastFailedAt" < ${forgetBefore} THEN 1
                      ELSE "SignInThrottle".failures + 1 END,
      "lastFailedAt" = ${now}
    RETURNING failures`;
  const delay = delayAfter(row?.failures ?? 1, policy);
  if (delay > 0) {
    await prisma.signInThrottle.update({
      where: { key },
      data: { blockedUntil: new Date(now.getTime() + delay) },
    });
  }
}

export async function clearFailures(key: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key } });
}

/** Drops keys nobody failed with for a day (called now and then by sign-in itself). */
export async function forgetOldFailures(now = new Date()): Promise<void> {
  await prisma.signInThrottle.deleteMany({
    where: { lastFailedAt: { lt: new Date(now.getTime() - 24 * 60 * 60_000) } },
  });
}
