import { expect, type Page } from "@playwright/test";
import { docScreenshot } from "../doc-screenshot";

/** The migrations area: import of a shared ingress and the per-product wizard. */
export class MigrationsPage {
  constructor(readonly page: Page) {}

  async gotoOverview() {
    await this.page.goto("/migrations");
    await expect(this.page.getByRole("heading", { name: "Migrations", level: 1 })).toBeVisible();
  }

  async gotoImport() {
    await this.page.goto("/migrations/import");
    await expect(this.page.getByRole("heading", { name: "Import a shared ingress", level: 1 })).toBeVisible();
  }

  async readCluster(cluster: string) {
    await this.page.getByLabel("Cluster", { exact: true }).selectOption(cluster);
    await this.page.getByRole("button", { name: "Read shared ingress" }).click();
    await expect(this.page.getByRole("table", { name: "Proposed owner of each host" })).toBeVisible({
      timeout: 30_000,
    });
  }

  ownerInput(host: string, field: "Product" | "Team") {
    return this.page.getByLabel(`${field} of ${host}`);
  }

  async saveImport(message: string): Promise<number> {
    await this.page.getByLabel("Message").fill(message);
    await this.page.getByRole("button", { name: "Save revision" }).click();
    const saved = this.page.getByText(/^Revision \d+ saved$/);
    await expect(saved).toBeVisible();
    return Number((await saved.innerText()).match(/\d+/)![0]);
  }

  async gotoProduct(product: string) {
    await this.page.goto(`/migrations/${product}`);
    await expect(this.page.getByRole("heading", { name: `Migrate ${product}`, level: 1 })).toBeVisible();
    await expect(this.page.getByRole("navigation", { name: "Journey steps" })).toBeVisible();
  }

  async chooseStep(title: RegExp) {
    await this.page
      .getByRole("navigation", { name: "Journey steps" })
      .getByRole("button", { name: title })
      .click();
  }

  async preview() {
    await this.page.getByRole("button", { name: "Preview plan" }).click();
    await expect(this.page.getByRole("heading", { name: "Plan per cluster" })).toBeVisible({
      timeout: 60_000,
    });
  }

  async expectContractHolds() {
    await expect(this.page.getByText("API contract holds")).toBeVisible();
  }

  /** Applies the previewed step and returns the new revision number. */
  async apply(): Promise<number> {
    // The page keeps the previous step's progress panel (it comes from the migration record), so
    // the new revision is the one whose number differs from what was shown before the click.
    const heading = this.page.getByRole("heading", { name: /^Progress of revision \d+$/ });
    const shown = async () =>
      (await heading.isVisible()) ? Number((await heading.innerText()).match(/\d+/)![0]) : 0;
    const before = await shown();
    await this.page.getByRole("button", { name: "Apply", exact: true }).click();
    await expect.poll(shown, { timeout: 30_000 }).toBeGreaterThan(before);
    return shown();
  }

  /**
   * Waits until each cluster observed the revision. Objects another manager (kubectl) created are
   * taken over with the forced sync the page offers, as an operator would.
   */
  async waitForClusters(clusters: string[], timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (const cluster of clusters) {
      const row = this.page.getByTestId(`progress-${cluster}`);
      for (;;) {
        if (Date.now() > deadline)
          throw new Error(`cluster ${cluster} did not observe the revision: ${await row.innerText()}`);
        if (await row.getByText("observed the revision").isVisible()) break;
        const force = row.getByRole("button", { name: `Force sync ${cluster}` });
        if (await force.isVisible()) {
          await force.click();
          await expect(force)
            .toBeHidden({ timeout: 30_000 })
            .catch(() => undefined);
        }
        await this.page.waitForTimeout(500);
      }
    }
  }

  /** Verifies from what the clusters report; passes once every check is green. */
  async verify(timeoutMs = 60_000) {
    await this.page.getByRole("button", { name: "Verify", exact: true }).click();
    const list = this.page.getByRole("list", { name: "Verification" });
    await expect(list).toBeVisible();
    try {
      await expect(this.page.getByText("Verified", { exact: true })).toBeVisible({ timeout: timeoutMs });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nChecks:\n${await list.innerText()}`);
    }
  }

  /** Rolls the shown step back: opens the confirmation, checks its per-cluster plan, confirms. */
  async rollback(): Promise<number> {
    await this.page.getByRole("button", { name: "Roll back this step" }).click();
    const confirmation = this.page.getByRole("region", { name: "Confirm the rollback" });
    await expect(confirmation.getByRole("region", { name: /^Plan for cluster / }).first()).toBeVisible({
      timeout: 60_000,
    });
    await confirmation.getByRole("button", { name: "Confirm undo" }).click();
    const heading = this.page.getByRole("heading", {
      name: /^Rollback: revision \d+ undoes revision \d+$/,
    });
    await expect(heading).toBeVisible();
    return Number((await heading.innerText()).match(/revision (\d+)/)![1]);
  }

  /** For the docs: see doc-screenshot.ts. */
  async screenshot(name: string) {
    await docScreenshot(this.page, name);
  }
}
