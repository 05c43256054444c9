// `npm run bench:ui`: the browser and the JSON API under load, against a production build.
//
// (a) topology_500x3_interactive_ms and topology_2000x3_interactive_ms: synthetic estates of 500 and
//     2,000 products in 3 clusters stored as revisions in a fresh database; the built app (`next
//     start`) on a free loopback port; headless Debian chromium signed in as the seeded admin opens
//     /topology?revision=N in a fresh browser context (no HTTP cache) and we time navigation start →
//     graph laid out (data-ready) → a click on a node has opened the details panel. One unmeasured
//     visit per estate warms the server (and its graph of the revision); the median of 5 is printed.
// (b) api_p95_ms_at_100rps: autocannon at 100 requests/s for 15 s, alternating
//     GET /api/revisions?limit=20 and GET /api/clusters with a bearer API token; p95 of every
//     response time.
//
// BENCH_SKIP_BUILD=1 reuses an existing build in .next/bench (or BENCH_DIST_DIR). Only loopback addresses are used.
import type { ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "@/e2e/fixtures/chromium";
import { createPrismaClient } from "@/lib/db/client";
import { DEMO_PASSWORD, SEED_USERS } from "@/lib/db/seed";
import { createBenchDatabase } from "./bench-database";
import { emit, log, median, percentile } from "./report";
import { ensureNextBuild, startNextServer } from "./next-server";
import { stopChildren } from "./stop-children";
import { seedWebEstate, storeSyntheticRevision } from "./web-estate";

/** Estates measured, each a revision of `products` × CLUSTERS. */
const ESTATES = [500, 2000];
const CLUSTERS = 3;
const RUNS = 5;

async function main() {
  const { url, drop } = await createBenchDatabase("portico_bench_ui");
  const db = createPrismaClient(url);
  const children: ChildProcess[] = [];
  try {
    // Data: the demo users, 3 registered clusters and the synthetic estates as revisions.
    const revisions = new Map<number, number>();
    for (const [i, products] of ESTATES.entries())
      revisions.set(
        products,
        (i === 0
          ? await seedWebEstate(db, products, CLUSTERS)
          : await storeSyntheticRevision(db, products, CLUSTERS)
        ).revision,
      );

    await ensureNextBuild();
    const { base: app, child: server } = await startNextServer({
      DATABASE_URL: url,
      PORTICO_LOG_LEVEL: "silent",
    });
    children.push(server);

    // (a) The topology page.
    const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    const admin = SEED_USERS.find((u) => u.role === "admin")!;
    const signIn = await browser.newContext({ baseURL: app });
    const res = await signIn.request.post("/api/auth/sign-in", {
      data: { email: admin.email, password: DEMO_PASSWORD },
    });
    if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
    const storageState = await signIn.storageState();
    const csrf = storageState.cookies.find((c) => c.name === "portico_csrf")?.value ?? "";
    const tokenRes = await signIn.request.post("/api/tokens", {
      data: { name: "bench", role: "admin" },
      headers: { "x-csrf-token": csrf },
    });
    if (!tokenRes.ok())
      throw new Error(`token creation failed: ${tokenRes.status()} ${await tokenRes.text()}`);
    const { token } = (await tokenRes.json()) as { token: string };
    await signIn.close();

    for (const products of ESTATES) {
      const times: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const context = await browser.newContext({
          baseURL: app,
          storageState,
          viewport: { width: 1440, height: 900 },
        });
        const page = await context.newPage();
        await page.goto(`/topology?revision=${revisions.get(products)}`, { waitUntil: "commit" });
        await page
          .locator('[data-testid="topology-canvas"][data-ready="true"]')
          .waitFor({ timeout: 120_000 });
        // Folded by default at this size: the first node is a cluster or the hosts group.
        await page.locator(".react-flow__node").first().click();
        await page.getByTestId("node-details").waitFor({ timeout: 60_000 });
        const ms = await page.evaluate(() => performance.now());
        // Where the time goes (stderr only): HTML, scripts, the graph, first layout.
        // Note: a string, so the bundler's helpers (tsx adds __name) never reach the page.
        const parts = (await page.evaluate(`(() => {
          const nav = performance.getEntriesByType("navigation")[0];
          const rev = performance.getEntriesByType("resource").find((e) => /\\/api\\/revisions\\/\\d+\\/graph(\\?|$)/.test(e.name));
          const ready = performance.getEntriesByName("topology-ready")[0];
          const r = (n) => (n === undefined ? "?" : Math.round(n));
          return "html " + r(nav && nav.responseEnd) + ", dcl " + r(nav && nav.domContentLoadedEventEnd) + ", graph fetch " + r(rev && rev.startTime) + "-" + r(rev && rev.responseEnd) + " (" + r(rev && rev.encodedBodySize) + " B), ready " + r(ready && ready.startTime);
        })()`)) as string;
        log(`${products}x${CLUSTERS} ${i === 0 ? "warm-up" : `run ${i}`}: ${Math.round(ms)} ms (${parts})`);
        if (i > 0) times.push(ms);
        // For the docs (not timed): the folded 500-product estate with one cluster opened.
        if (products === 500 && i === RUNS && process.env.BENCH_SCREENSHOT === "1") {
          await page.getByRole("button", { name: /Expand cluster c0/ }).click();
          await page.locator('[data-testid="topology-canvas"][data-ready="true"]').waitFor();
          await page.waitForTimeout(500);
          await page.screenshot({ path: "docs/screenshots/topology-500x3.png" });
        }
        await context.close();
      }
      emit(`topology_${products}x${CLUSTERS}_interactive_ms`, median(times), "ms");
    }
    await browser.close();

    // (b) JSON API at 100 requests/s.
    const responseTimes: number[] = [];
    let non2xx = 0;
    const instance = autocannon({
      url: app,
      connections: 10,
      overallRate: 100,
      duration: 15,
      headers: { authorization: `Bearer ${token}` },
      requests: [
        { method: "GET", path: "/api/revisions?limit=20" },
        { method: "GET", path: "/api/clusters" },
      ],
    });
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      responseTimes.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx += 1;
    });
    const result = await instance;
    // Where the tail sits (stderr only): how many of the slowest 1% came in the first second.
    const slowest = responseTimes
      .map((ms, i) => ({ ms, i }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, Math.ceil(responseTimes.length / 100));
    const early = slowest.filter((r) => r.i < 100).length;
    log(
      `autocannon: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${non2xx}; ${early} of the slowest ${slowest.length} among the first 100 responses`,
    );
    if (non2xx > 0) throw new Error(`${non2xx} responses were not 2xx; the figure would be meaningless`);
    emit("api_p95_ms_at_100rps", percentile(responseTimes, 0.95), "ms");
  } finally {
    await stopChildren(children, { groups: true });
    await db.$disconnect();
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
