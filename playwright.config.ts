// End-to-end tests against a real Next.js server and a fresh database per run.
//
// The database name is fixed here, before the web server starts, and passed to it through the
// environment; e2e/global-setup.ts creates, migrates and seeds it (run by the webServer command,
// since Playwright starts the server before globalSetup), e2e/global-teardown.ts drops it.
// The app is built and started (`next build && next start`): faster than `next dev` over a whole
// run and immune to hot reloads while files change. PORTICO_E2E_DEV=1 uses `next dev` instead.
import { defineConfig, devices } from "@playwright/test";
import { e2eDatabaseUrl } from "./e2e/fixtures/e2e-database";

const port = Number(process.env.PORTICO_E2E_PORT ?? 3100);
process.env.PORTICO_E2E_DB ??= `portico_e2e_${process.pid}_${Date.now().toString(36)}`;
const databaseUrl = e2eDatabaseUrl(process.env.PORTICO_E2E_DB);
const ci = process.env.CI === "true" || process.env.CI === "1";
// Note: its own output directory, so a developer's `next dev` in the same tree keeps running.
const distDir = ".next/e2e";
const prepare = "npx tsx e2e/global-setup.ts";
const dev = process.env.PORTICO_E2E_DEV === "1";
const command = dev
  ? `${prepare} && npx next dev -p ${port}`
  : `${prepare} && npx next build && npx next start -p ${port}`;

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
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.PORTICO_CHROMIUM ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command,
    url: `http://localhost:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: process.env.PORTICO_E2E_SERVER_LOG ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: databaseUrl,
      PORTICO_E2E_DB: process.env.PORTICO_E2E_DB,
      PORTICO_NEXT_DIST_DIR: distDir,
      // Next.js adds its type folders to the tsconfig it uses; give it one of its own.
      PORTICO_NEXT_TSCONFIG: "e2e/tsconfig.next.json",
      // Server logs only when asked (PORTICO_E2E_SERVER_LOG=1), since its stdout is otherwise dropped.
      PORTICO_LOG_LEVEL: process.env.PORTICO_E2E_SERVER_LOG
        ? (process.env.PORTICO_LOG_LEVEL ?? "info")
        : "silent",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
