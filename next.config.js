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
  // `npm run release` (scripts/release.mjs) asks for the self-contained server: server.js plus only
  // the node_modules files it traces; a plain `next build` stays as it was for `npm start`.
  ...(process.env.PORTICO_STANDALONE === "1"
    ? {
        output: "standalone",
        outputFileTracingRoot: import.meta.dirname,
        // Note: tracing follows the key file's path in lib/crypto/keyring.ts; local state never ships.
        // TypeScript is traced through the tsconfig option but never loaded by the server.
        outputFileTracingExcludes: { "*": [".portico/**", "node_modules/typescript/**"] },
      }
    : {}),
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
