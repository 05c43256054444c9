// End-to-end tests against a real Next.js server and a fresh database per run.
//
// The database name is fixed here, before the web server starts, and passed to it through the
// environment; e2e/global-setup.ts creates, migrates and seeds it (run by the webServer command,
// since Playwright starts the server before globalSetup), e2e/global-teardown.ts drops it.
// The app is built and started (`next build && next start`): faster than `next dev` over a whole
// run and immune to hot reloads while files change. PORTICO_E2E_DEV=1 uses `next dev` instead.
//
// Next to the web server run the simulated clusters east and west (lib/sim, fixed ports from
// PORTICO_E2E_SIM_PORT, kubeconfig in a temporary file registered by global-setup) and the sync
// worker, so the journey spec sees objects land in a cluster. They share one encryption key.
// The clusters hold what the product teams deployed before Portico (the reference scenario's
// backends and TLS Secrets), since the sync holds routes back until those exist; the shared routes
// are left out: the journey writes them with kubectl.
//
// The wide-content project checks every page against the large seed (lib/db/seed-large.ts) on a
// second server, started from the same build once the first answers, with a database of its own
// (PORTICO_E2E_DB + "_wide"), so the 500 products and 50 clusters never reach the other specs. It
// starts only when that project runs (no --project, or --project=wide-content).
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./e2e/fixtures/chromium";
import { e2eDatabaseUrl } from "./e2e/fixtures/e2e-database";

const port = Number(process.env.PORTICO_E2E_PORT ?? 3100);
process.env.PORTICO_E2E_DB ??= `portico_e2e_${process.pid}_${Date.now().toString(36)}`;
const databaseUrl = e2eDatabaseUrl(process.env.PORTICO_E2E_DB);
const simPort = Number(process.env.PORTICO_E2E_SIM_PORT ?? 6650);
process.env.PORTICO_E2E_KUBECONFIG ??= path.join(tmpdir(), `${process.env.PORTICO_E2E_DB}.kubeconfig`);
process.env.PORTICO_E2E_ENCRYPTION_KEYS ??= `e2e:${randomBytes(32).toString("base64")}`;
// What the web server, global setup and the worker need to reach the simulated clusters.
const clusterEnv = {
  DATABASE_URL: databaseUrl,
  PORTICO_E2E_KUBECONFIG: process.env.PORTICO_E2E_KUBECONFIG,
  PORTICO_ENCRYPTION_KEYS: process.env.PORTICO_E2E_ENCRYPTION_KEYS,
  // The simulated clusters answer on loopback.
  PORTICO_ALLOW_INSECURE_CLUSTERS: "1",
};
// Single sign-on against the OpenID Connect provider e2e/oidc.spec.ts starts on this loopback port.
const oidcPort = Number(process.env.PORTICO_E2E_OIDC_PORT ?? 3199);
const oidcEnv = {
  PORTICO_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
  PORTICO_OIDC_CLIENT_ID: "portico-e2e",
  PORTICO_OIDC_CLIENT_SECRET: "portico-e2e-secret",
  PORTICO_OIDC_REDIRECT_URL: `http://localhost:${port}/api/auth/oidc/callback`,
  PORTICO_OIDC_ROLE_MAP: "sso-admins=admin,sso-payments-leads=team-lead:payments,sso-auditors=auditor",
};
const widePort = port + 1;
const wideDb = `${process.env.PORTICO_E2E_DB}_wide`;
const selectedProjects = process.argv.flatMap((arg, i, args) =>
  arg === "--project" ? [args[i + 1] ?? ""] : arg.startsWith("--project=") ? [arg.slice(10)] : [],
);
const wideSelected = selectedProjects.length === 0 || selectedProjects.some((p) => p.includes("wide"));
const ci = process.env.CI === "true" || process.env.CI === "1";
// Note: its own output directory, so a developer's `next dev` in the same tree keeps running.
const distDir = process.env.PORTICO_E2E_DIST_DIR ?? ".next/e2e";
const prepare = "npx tsx e2e/global-setup.ts";
const dev = process.env.PORTICO_E2E_DEV === "1";
const command = dev
  ? `${prepare} && npx next dev -p ${port}`
  : `${prepare} && npx next build && npx next start -p ${port}`;

const browser = {
  ...devices["Desktop Chrome"],
  launchOptions: CHROMIUM_LAUNCH_OPTIONS,
};

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: true,
  workers: ci ? 2 : undefined,
  // Note: `next dev` reloads pages when files change under it, which can interrupt a test.
  retries: ci || dev ? 1 : 0,
  forbidOnly: ci,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: ci ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  // Note: the journey drives the one desired state (revisions) and the simulated clusters from
  // start to end, so it runs alone, after the other specs, which save revisions of their own.
  projects: [
    { name: "chromium", use: browser, testIgnore: /(journey|wide-content)\.spec\.ts/ },
    { name: "journey", use: browser, testMatch: /journey\.spec\.ts/, dependencies: ["chromium"] },
    {
      name: "wide-content",
      use: { ...browser, baseURL: `http://localhost:${widePort}` },
      testMatch: /wide-content\.spec\.ts/,
    },
  ],
  // Note: Playwright starts these one after another, each once the previous one is ready.
  webServer: [
    {
      // Started first: global-setup registers the clusters from the kubeconfig it writes.
      name: "clusters",
      command: `npx tsx lib/sim/cli.ts --clusters east=us-east-1a,west=us-west-2b --port ${simPort} --kubeconfig ${process.env.PORTICO_E2E_KUBECONFIG} --ready-delay 200 --scenario reference --without-shared-routes`,
      wait: { stdout: /"ready":true/ },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command,
      url: `http://localhost:${port}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: process.env.PORTICO_E2E_SERVER_LOG ? "pipe" : "ignore",
      stderr: "pipe",
      env: {
        PORTICO_E2E_DB: process.env.PORTICO_E2E_DB,
        PORTICO_NEXT_DIST_DIR: distDir,
        // Next.js adds its type folders to the tsconfig it uses; give it one of its own.
        PORTICO_NEXT_TSCONFIG: "e2e/tsconfig.next.json",
        // Server logs only when asked (PORTICO_E2E_SERVER_LOG=1), since its stdout is otherwise dropped.
        PORTICO_LOG_LEVEL: process.env.PORTICO_E2E_SERVER_LOG
          ? (process.env.PORTICO_LOG_LEVEL ?? "info")
          : "silent",
        NEXT_TELEMETRY_DISABLED: "1",
        ...clusterEnv,
        ...oidcEnv,
      },
    },
    {
      name: "worker",
      command: "bash scripts/worker.sh",
      wait: { stdout: /looking for jobs/ },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: process.env.PORTICO_E2E_SERVER_LOG ? "pipe" : "ignore",
      stderr: "pipe",
      env: {
        ...clusterEnv,
        // Info level: its "looking for jobs" line tells Playwright the worker is up.
        PORTICO_LOG_LEVEL: "info",
        PORTICO_WORKER_CONCURRENCY: "2",
      },
    },
    ...(wideSelected ? [wideServer()] : []),
  ],
});

/** The wide-content project's server: its own database, seeded large, on the first server's build. */
function wideServer() {
  const start = dev
    ? `npx next dev -p ${widePort}`
    : `npx tsx e2e/fixtures/wait-for-url.ts http://localhost:${port}/api/health && npx next start -p ${widePort}`;
  return {
    name: "wide",
    command: `npx tsx e2e/global-setup.ts --large && ${start}`,
    url: `http://localhost:${widePort}/api/health`,
    timeout: 360_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      PORTICO_E2E_DB: wideDb,
      PORTICO_NEXT_DIST_DIR: dev ? `${distDir}-wide` : distDir,
      PORTICO_NEXT_TSCONFIG: "e2e/tsconfig.next.json",
      PORTICO_LOG_LEVEL: "silent",
      NEXT_TELEMETRY_DISABLED: "1",
      ...clusterEnv,
      DATABASE_URL: e2eDatabaseUrl(wideDb),
    },
  };
}
