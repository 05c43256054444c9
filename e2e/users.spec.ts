import { expect, test } from "./fixtures/test";
import { E2E_NEWCOMER } from "./fixtures/users";

test("an admin grants and revokes a team-lead role", async ({ signInAs, page }) => {
  const dashboard = await signInAs("admin");
  await dashboard.openArea("Users");
  const row = page.getByRole("row").filter({ hasText: E2E_NEWCOMER.email });
  await row.getByLabel(`Role to grant ${E2E_NEWCOMER.email}`).selectOption("team-lead");
  await row.getByLabel(`Team ${E2E_NEWCOMER.email} leads`).selectOption("payments");
  await row.getByRole("button", { name: "Grant" }).click();
  const revoke = row.getByRole("button", {
    name: `Revoke team-lead for payments from ${E2E_NEWCOMER.email}`,
  });
  await expect(revoke).toBeVisible();
  await revoke.click();
  await expect(revoke).toHaveCount(0);

  await dashboard.openArea("Audit");
  await expect(page.getByRole("cell", { name: "user.role.grant" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "user.role.revoke" }).first()).toBeVisible();
});

test("an auditor sees users and roles but no controls to change them", async ({ signInAs, page }) => {
  const dashboard = await signInAs("auditor");
  await dashboard.openArea("Users");
  await expect(page.getByRole("row").filter({ hasText: "admin@my-company.io" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Grant" })).toHaveCount(0);
  // The API refuses too, whatever the page shows.
  const res = await page.request.post("/api/users/e2e_newcomer/roles", { data: { role: "admin" } });
  expect(res.status()).toBe(403);
});

test("a cookie-authenticated change without the CSRF header is refused", async ({ signInAs, page }) => {
  await signInAs("admin");
  const res = await page.request.post("/api/tokens", { data: { name: "no-csrf", role: "admin" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toContain("x-csrf-token");
});
