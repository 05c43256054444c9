/** @type {import('next').NextConfig} */
const nextConfig = {
  // Note: these packages use Node APIs (pg, crypto, fs) and must not be bundled for the edge.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@kubernetes/client-node", "pino", "graphile-worker"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
