# Portico's image: the release bundle of `npm run release` (tested by test/release-bundle.test.ts)
# on Node.js 24, nothing else. The machines that build and test Portico have no Docker engine, so
# this file is kept a thin copy of that tested bundle: the build stage runs the same command, the
# runtime stage only copies its output.
#
#   docker build -t registry.example.com/portico:0.1.0 .
#   docker run --read-only --tmpfs /tmp --tmpfs /app/.next-release/cache \
#     -e DATABASE_URL=... -e PORTICO_ENCRYPTION_KEYS=... registry.example.com/portico:0.1.0 node migrate.js
#   (then the same image with `node server.js` and `node worker.js`)

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY lib/db/generate-cli.ts lib/db/generate-cli.ts
COPY prisma prisma
COPY prisma.config.ts tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run release

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
# Owned by root and only readable by the app's user, so the root filesystem can be mounted
# read-only; the server writes only to /tmp and /app/.next-release/cache (mount both writable).
COPY --from=build /src/release/ /app/
RUN mkdir -p /app/.next-release/cache && chown 10001:10001 /app/.next-release/cache
USER 10001:10001
EXPOSE 3000 8081
CMD ["node", "server.js"]
