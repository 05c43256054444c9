// Local account sign-in. Every failure looks the same to the caller ("Email or password is
// incorrect"), takes the same time, and writes nothing but an audit event.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { burnPasswordCheck, verifyPassword } from "./password";
import { signInLimiter } from "./rate-limit";
import { createSession, type NewSession } from "./session";

export const BAD_CREDENTIALS = "Email or password is incorrect.";

export async function signInWithPassword(
  input: { email: string; password: string },
  meta: { ip?: string | null; userAgent?: string | null; requestId?: string },
): Promise<{ session: NewSession; userId: string }> {
  const email = input.email.trim().toLowerCase();
  const key = `email:${email}`;
  const wait = signInLimiter.retryAfter(key);
  if (wait > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60000)} minute(s).`,
    );
  }
  const user = await prisma.user.findUnique({ where: { email } });
  let ok = false;
  if (user?.passwordHash && !user.disabled) ok = await verifyPassword(input.password, user.passwordHash);
  else await burnPasswordCheck(input.password);

  if (!ok || !user) {
    signInLimiter.fail(key);
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
  signInLimiter.reset(key);
  const session = await createSession(user.id, meta);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.sign-in",
      targetType: "user",
      targetId: user.id,
      metadata: { method: "password", ip: meta.ip ?? null },
      requestId: meta.requestId,
    });
  });
  return { session, userId: user.id };
}
