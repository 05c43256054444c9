import { expect, type Locator, type Page } from "@playwright/test";
import { docScreenshot } from "../doc-screenshot";

export class TopologyPage {
  constructor(readonly page: Page) {}

  async goto(query: { revision?: number; compare?: number } = {}) {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    await this.page.goto(`/topology${q.size ? `?${q.toString()}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "Topology", level: 1 })).toBeVisible();
  }

  canvas(): Locator {
    return this.page.getByTestId("topology-canvas");
  }

  async waitReady() {
    await expect(this.canvas()).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
  }

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  details(): Locator {
    return this.page.getByTestId("node-details");
  }

  search(): Locator {
    return this.page.getByLabel("Search nodes");
  }

  /** For the docs: see doc-screenshot.ts. */
  async screenshot(name: string) {
    await docScreenshot(this.page, name);
  }
}
