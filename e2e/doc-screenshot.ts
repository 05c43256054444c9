// Screenshots of the main pages, for the docs. They are taken on every run (a page that cannot be
// captured fails its test) but replace docs/screenshots only with PORTICO_DOC_SCREENSHOTS=1
// (`npm run docs:screenshots`), so a test run leaves the working tree as it found it.
import type { Page } from "@playwright/test";

export async function docScreenshot(page: Page, name: string): Promise<void> {
  const dir =
    process.env.PORTICO_DOC_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/doc-screenshots";
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
