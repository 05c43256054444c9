// Start-up work of the web server: create the first admin from PORTICO_ADMIN_EMAIL /
// PORTICO_ADMIN_PASSWORD when the installation has none.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureFirstAdmin } = await import("@/lib/auth/ensure-first-admin");
  const { logger } = await import("@/lib/api/request-logger");
  try {
    const result = await ensureFirstAdmin();
    if (result === "created") logger.info({ email: process.env.PORTICO_ADMIN_EMAIL }, "first admin created");
  } catch (err) {
    // Note: a database that is not up yet must not stop the server; /api/health reports it.
    logger.error({ err }, "could not ensure the first admin");
  }
}
