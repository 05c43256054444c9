// Start-up work of the web server: validate the configuration (a wrong value stops the server
// with a message naming the variable), say clearly when PostgreSQL cannot be reached, and create
// the first admin from PORTICO_ADMIN_EMAIL / PORTICO_ADMIN_PASSWORD when the installation has none.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, EnvError } = await import("@/lib/env");
  try {
    env();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  const { ensureFirstAdmin } = await import("@/lib/auth/ensure-first-admin");
  const { logger } = await import("@/lib/log/logger");
  const { prisma } = await import("@/lib/db/client");
  const { databaseUrl, unreachableMessage } = await import("@/lib/db/database-url");
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (err) {
    // Note: a database that is not up yet must not stop the server; /api/health reports it.
    console.error(unreachableMessage(databaseUrl(), err));
    return;
  }
  try {
    const result = await ensureFirstAdmin();
    if (result === "created") logger.info({ email: process.env.PORTICO_ADMIN_EMAIL }, "first admin created");
  } catch (err) {
    logger.error({ err }, "could not ensure the first admin");
  }
}
