import { expect, type Page } from "@playwright/test";

export class DashboardPage {
  constructor(readonly page: Page) {}

  nav() {
    return this.page.getByRole("navigation", { name: "Main", exact: true });
  }

  async navLabels(): Promise<string[]> {
    await expect(this.nav()).toBeVisible();
    return (await this.nav().getByRole("link").allInnerTexts()).map((s) => s.trim());
  }

  async expectSignedIn(role: string) {
    await expect(this.page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(this.page.getByTestId("user-role")).toHaveText(role);
  }

  async openArea(label: string) {
    await this.nav().getByRole("link", { name: label }).click();
    await expect(this.page.getByRole("heading", { name: label, level: 1 })).toBeVisible();
  }

  async signOut() {
    await this.page.getByRole("button", { name: /Account menu/ }).click();
    await this.page.getByRole("button", { name: "Sign out" }).click();
    // Sign-out returns to sign-in with the page it left, so signing in again comes back to it.
    await expect(this.page).toHaveURL(/\/sign-in(\?next=%2F[^&]*)?$/);
  }
}
