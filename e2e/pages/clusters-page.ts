import { expect, type Locator, type Page } from "@playwright/test";
import { docScreenshot } from "../doc-screenshot";

export class ClustersPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/clusters");
    await expect(this.page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`cluster-row-${name}`);
  }

  async gotoRegistration() {
    await this.page.goto("/clusters/new");
    await expect(this.page.getByRole("heading", { name: "Register a cluster", level: 1 })).toBeVisible();
  }

  form(): Locator {
    return this.page.getByRole("form", { name: "Register a cluster" });
  }

  async gotoCluster(name: string) {
    await this.page.goto(`/clusters/${name}`);
    await expect(this.page.getByRole("heading", { name: `Cluster ${name}`, level: 1 })).toBeVisible();
  }

  /** For the docs: see doc-screenshot.ts. */
  async screenshot(name: string) {
    await docScreenshot(this.page, name);
  }
}
