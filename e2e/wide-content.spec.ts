// Every page holds the viewport's width with the longest data Portico accepts: the wide-content
// project's server runs on the large seed (lib/db/seed-large.ts: 500 products, 50 clusters, host
// names of 253 characters, messages of 2,000). A page wider than the window makes people scroll
// sideways to reach its buttons; long values must wrap, be cut with a title, or scroll inside
// their own box. A screenshot of each page is attached to the report.
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures/test";

/** What sticks out past the viewport, to say which element to fix. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const scrolls = (el: Element) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const box = el.getBoundingClientRect();
      if (box.right <= width + 1 || box.width === 0) continue;
      // What scrolls inside its own box (a table, a YAML diff) does not widen the page.
      // (Unless it is positioned against something outside that box, like an sr-only label.)
      let inScrollBox = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (scrolls(up)) inScrollBox = true;
      }
      if (inScrollBox && getComputedStyle(el).position !== "absolute") continue;
      // Only the outermost offender: its children overflow because it does.
      const parent = el.parentElement?.getBoundingClientRect();
      if (parent && parent.right > width + 1) continue;
      const id = el.id ? `#${el.id}` : "";
      const cls =
        typeof el.className === "string" ? `.${el.className.split(/\s+/).slice(0, 4).join(".")}` : "";
      culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(box.right)}px)`);
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 8) };
  });
}

async function expectFits(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  // Data arrives from the API after the first paint; wait for it to settle before measuring.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await testInfo.attach(`${name}.png`, { path, contentType: "image/png" });
  const measured = await overflow(page);
  expect
    .soft(
      measured.scrollWidth,
      `${name} (${page.url()}) is wider than the window: ${measured.culprits.join("; ")}`,
    )
    .toBeLessThanOrEqual(measured.clientWidth);
}

const PAGES: { name: string; path: string; shows: RegExp | string }[] = [
  { name: "dashboard", path: "/", shows: "Overview" },
  { name: "clusters", path: "/clusters", shows: "estate-cluster-2" },
  { name: "cluster-error", path: "/clusters/estate-cluster-2", shows: "estate-cluster-2" },
  { name: "cluster-drifted", path: "/clusters/estate-cluster-3", shows: "estate-cluster-3" },
  { name: "cluster-east", path: "/clusters/east", shows: "east" },
  { name: "topology", path: "/topology", shows: "Topology" },
  { name: "revisions", path: "/revisions", shows: "The estate:" },
  { name: "migrations", path: "/migrations", shows: "product-000" },
  { name: "migration-product", path: "/migrations/product-000", shows: "product-000" },
  { name: "import", path: "/migrations/import", shows: "Import" },
  { name: "requests", path: "/requests", shows: "requested-0" },
  { name: "audit", path: "/audit", shows: "Audit" },
  { name: "approval-rules", path: "/settings/approval-rules", shows: "Approval rules" },
  { name: "users", path: "/users", shows: "Users" },
  { name: "tokens", path: "/settings/tokens", shows: "token" },
];

test.describe("pages with the widest data", () => {
  test.beforeEach(async ({ signInAs }) => {
    await signInAs("admin");
  });

  for (const p of PAGES) {
    test(`${p.name} fits the window`, async ({ page }, testInfo) => {
      await page.goto(p.path);
      await expect(page.getByText(p.shows).first()).toBeVisible();
      await expectFits(page, testInfo, p.name);
    });
  }

  test("a request with its review and plan fits the window", async ({ page }, testInfo) => {
    // Planning dry-runs the draft against east and west and fails fast on the 48 seeded clusters.
    test.setTimeout(180_000);
    await page.goto("/requests");
    await page
      .getByRole("link", { name: /requested-0/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { name: /requested-0/ })).toBeVisible();
    // The estate's hundreds of warnings of one rule are one group with its count, objects folded.
    const groups = page.getByRole("list", { name: "Findings by rule" });
    // Rendering and analyzing the 500-product estate with the request takes a while.
    await expect(groups.getByText(/^\d{3,} findings$/).first()).toBeVisible({ timeout: 60_000 });
    expect(await groups.locator(":scope > li").count()).toBeLessThan(10);
    await expectFits(page, testInfo, "request", false);
    // Unfolded, the affected objects (with their 253-character hosts) wrap inside the window.
    const affected = groups.getByText("Affected objects").first();
    await affected.click();
    await affected.scrollIntoViewIfNeeded();
    await expectFits(page, testInfo, "request-findings", false);
    await page.getByRole("button", { name: "Plan", exact: true }).click();
    const east = page.getByRole("region", { name: "Plan for cluster east" });
    await expect(east).toBeVisible({ timeout: 90_000 });
    // The plan is the plan view (objects with their YAML diff), not the API's JSON.
    await expect(page.getByText('"summary"')).toHaveCount(0);
    await east.locator("summary").first().click();
    await east.scrollIntoViewIfNeeded();
    // Note: the window only; the whole page holds every rendered object of both clusters.
    await expectFits(page, testInfo, "request-plan", false);
  });

  test("an audit event fits the window", async ({ page }, testInfo) => {
    await page.goto("/audit");
    await page.getByRole("row").filter({ hasText: "seed" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/audit\/\d+/);
    await expectFits(page, testInfo, "audit-event");
  });
});
