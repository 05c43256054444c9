/** @type {import('next').NextConfig} */
const nextConfig = {
  // Note: these packages use Node APIs (pg, crypto, fs) and must not be bundled for the edge.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@kubernetes/client-node",
    "pino",
    "graphile-worker",
    "@node-rs/argon2",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // Note: lets the end-to-end suite run its own server beside a developer's `next dev` (Next.js
  // refuses two servers sharing one output directory).
  distDir: process.env.PORTICO_NEXT_DIST_DIR || ".next",
  typescript: { tsconfigPath: process.env.PORTICO_NEXT_TSCONFIG || "tsconfig.json" },
  experimental: {
    // forbidden() from next/navigation renders app/forbidden.tsx with HTTP 403 for pages a role
    // cannot use.
    authInterrupts: true,
  },
};

export default nextConfig;
