// Local account sign-in. Every failure looks the same to the caller ("Email or password is
// incorrect"), takes the same time, and writes nothing but an audit event and a throttle count.
// Throttled keys are refused before any hashing, and hashing itself waits at the hashing gate, so
// a flood of attempts costs the server little and never locks the real owner out.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { hashingGate } from "./hashing-gate";
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from "./password";
import {
  clearFailures,
  forgetOldFailures,
  policyOf,
  recordFailure,
  signInKeys,
  throttleWait,
} from "./rate-limit";
import { createSession, type NewSession } from "./session";

export const BAD_CREDENTIALS = "Email or password is incorrect.";

function waitMessage(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const when = seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
  return `Too many failed sign-in attempts from this address. Try again in ${when}.`;
}

export async function signInWithPassword(
  input: { email: string; password: string },
  meta: { ip?: string | null; userAgent?: string | null; requestId?: string },
): Promise<{ session: NewSession; userId: string }> {
  const email = input.email.trim().toLowerCase();
  const keys = signInKeys(email, meta.ip ?? null);
  // Note: the whole check runs behind the gate, so an attempt turned away because the queue is full
  // has cost no database query either; a flood then leaves the pool to other requests.
  const { user, ok } = await hashingGate(async () => {
    const wait = await throttleWait(keys);
    if (wait > 0) throw new AppError("RATE_LIMITED", waitMessage(wait), { details: { retryAfterMs: wait } });
    const found = await prisma.user.findUnique({ where: { email } });
    if (found?.passwordHash && !found.disabled) {
      return { user: found, ok: await verifyPassword(input.password, found.passwordHash) };
    }
    await burnPasswordCheck(input.password);
    return { user: found, ok: false };
  });

  if (!ok || !user) {
    for (const key of keys) await recordFailure(key, policyOf(key));
    if (Math.random() < 0.01) await forgetOldFailures();
    await recordAudit(prisma, {
      actor: { id: user?.id ?? null, email },
      action: "auth.sign-in.failed",
      targetType: "user",
      targetId: user?.id ?? null,
      metadata: { method: "password", ip: meta.ip ?? null },
      requestId: meta.requestId,
    });
    throw new AppError("UNAUTHENTICATED", BAD_CREDENTIALS);
  }
  // Note: only this account's count from this address is cleared; a guesser holding one valid
  // account cannot reset its address's count by signing in between guesses.
  for (const key of keys) if (key.startsWith("account:")) await clearFailures(key);
  // A hash from before argon2id (or with weaker parameters) is replaced now that we know the password.
  const rehashed = needsRehash(user.passwordHash!)
    ? await hashingGate(() => hashPassword(input.password))
    : undefined;
  const session = await createSession(user.id, meta);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { lastLoginAt: new Date(), ...(rehashed ? { passwordHash: rehashed } : {}) },
    });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.sign-in",
      targetType: "user",
      targetId: user.id,
      metadata: { method: "password", ip: meta.ip ?? null, ...(rehashed ? { rehashed: "argon2id" } : {}) },
      requestId: meta.requestId,
    });
  });
  return { session, userId: user.id };
}
