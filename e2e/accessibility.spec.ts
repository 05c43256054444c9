import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { saveExampleRevision } from "./fixtures/api";
import { seedSyncedCluster } from "./fixtures/seed-cluster";
import { expect, test } from "./fixtures/test";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
}

test("the sign-in page has no serious accessibility violations", async ({ signInPage, page }) => {
  await signInPage.goto();
  expect(await seriousViolations(page)).toEqual([]);
  await signInPage.signIn("admin@my-company.io", "wrong");
  await expect(signInPage.error()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the dashboard shell and every area have no serious accessibility violations", async ({
  signInAs,
  page,
}) => {
  await signInAs("admin");
  for (const path of [
    "/",
    "/clusters",
    "/topology",
    "/migrations",
    "/requests",
    "/audit",
    "/users",
    "/settings/approval-rules",
    "/settings/tokens",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test("the clusters, registration, cluster and topology pages have no serious accessibility violations", async ({
  signInAs,
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs("admin");
  const revision = await saveExampleRevision(page, "03-payments-west");
  const name = `a11y-${Date.now().toString(36)}`;
  await seedSyncedCluster(name, revision);
  for (const path of ["/clusters", "/clusters/new", `/clusters/${name}`]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0, {
      timeout: 45_000,
    });
    expect(await seriousViolations(page), path).toEqual([]);
  }
  await page.getByRole("button", { name: "Force (take over conflicting fields)" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await seriousViolations(page), "force dialog").toEqual([]);

  await page.goto(`/topology?revision=${revision}`);
  await expect(page.getByTestId("topology-canvas")).toHaveAttribute("data-ready", "true", {
    timeout: 30_000,
  });
  expect(await seriousViolations(page), "/topology").toEqual([]);
  await page.locator('.react-flow__node[data-id="gateway:west/payments/payments-gateway"]').click();
  await expect(page.getByTestId("node-details")).toBeVisible();
  expect(await seriousViolations(page), "/topology with details").toEqual([]);
});

test("the 404 page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/no/such/page");
  expect(await seriousViolations(page)).toEqual([]);
});

test("the shell can be used with the keyboard", async ({ signInAs, page }) => {
  await signInAs("admin");
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Overview" }).first()).toBeFocused();
});
