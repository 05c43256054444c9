// Creates the first local admin from PORTICO_ADMIN_EMAIL / PORTICO_ADMIN_PASSWORD when no admin
// exists yet, so a fresh installation can be signed into. Does nothing once any admin exists.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "./password";

export type FirstAdminResult = "created" | "exists" | "not-configured";

export async function ensureFirstAdmin(
  env: Record<string, string | undefined> = process.env,
): Promise<FirstAdminResult> {
  const email = env.PORTICO_ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.PORTICO_ADMIN_PASSWORD;
  if (!email || !password) return "not-configured";
  if (password.length < 12) {
    throw new Error("PORTICO_ADMIN_PASSWORD must be at least 12 characters long.");
  }
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    // Note: serialises concurrent start-ups (several replicas) so only one creates the admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7346202)`;
    if ((await tx.roleBinding.count({ where: { role: "admin" } })) > 0) return "exists" as const;
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: email.split("@")[0] ?? email, passwordHash },
      update: { passwordHash, disabled: false },
    });
    const binding = await tx.roleBinding.create({ data: { userId: user.id, role: "admin" } });
    await recordAudit(tx, {
      actor: { email: "system", role: "system" },
      action: "user.first-admin.create",
      targetType: "user",
      targetId: user.id,
      after: { email, role: "admin", bindingId: binding.id },
    });
    return "created" as const;
  });
}
