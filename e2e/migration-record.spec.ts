// A migration is a record: after a reload, and for another engineer, the migration page still shows
// the step's progress with Verify and Roll back; the rollback is confirmed with its per-cluster plan
// and the revision history lists and compares what happened.
import { apiPost, saveExampleRevision, waitForObserved } from "./fixtures/api";
import { SIM_CLUSTERS } from "./fixtures/sim-clusters";
import { expect, test } from "./fixtures/test";
import { E2E_PASSWORD, E2E_USERS } from "./fixtures/users";
import { DashboardPage } from "./pages/dashboard-page";
import { SignInPage } from "./pages/sign-in-page";
import { MigrationsPage } from "./pages/migrations-page";

test("the migration page keeps progress, Verify and Roll back after a reload", async ({
  signInAs,
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signInAs("platform");
  const base = await saveExampleRevision(page, "02-payments-split", "e2e: payments split (record)");
  // Other specs' products stay live until this revision is synced; the preview would count the
  // calls they serve as broken by the step.
  await waitForObserved(
    page,
    SIM_CLUSTERS.map((c) => c.name),
    base,
  );
  const m = new MigrationsPage(page);
  await m.gotoProduct("payments");
  await m.chooseStep(/3\. Run in another cluster/);
  await page.getByLabel("Target cluster").selectOption("west");
  await m.preview();
  const applied = await m.apply();
  expect(applied).toBeGreaterThan(base);

  // A reload reads the migration record: the same panel, Verify and Roll back.
  await page.reload();
  await expect(page.getByRole("heading", { name: `Progress of revision ${applied}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Verify", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Roll back this step" })).toBeVisible();

  // Another engineer sees the same record.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const otherM = new MigrationsPage(otherPage);
  const signIn = new SignInPage(otherPage);
  await signIn.goto();
  await signIn.signIn(E2E_USERS.admin.email, E2E_PASSWORD);
  await new DashboardPage(otherPage).expectSignedIn(E2E_USERS.admin.role);
  await otherM.gotoProduct("payments");
  await expect(otherPage.getByRole("heading", { name: `Progress of revision ${applied}` })).toBeVisible();
  await other.close();

  // The record over the API, as the page reads it.
  const record = (await (await page.request.get("/api/migrations/payments")).json()) as {
    events: { kind: string; revision: number }[];
  };
  expect(record.events.at(-1)).toMatchObject({ kind: "step.applied", revision: applied });

  // Roll back after the confirmation; a reload shows the rollback too.
  const rollback = await m.rollback();
  await page.reload();
  await expect(
    page.getByRole("heading", { name: `Rollback: revision ${rollback} undoes revision ${applied}` }),
  ).toBeVisible();

  // The history lists both revisions with what they touched, and compares a revision with its parent.
  await page.goto("/revisions");
  const row = page.getByTestId(`revision-${applied}`);
  await expect(row).toContainText("payments");
  await expect(page.getByTestId(`revision-${rollback}`)).toContainText(`rolls back ${applied}`);
  await row.getByRole("button", { name: "Diff" }).click();
  await expect(page.getByRole("region", { name: "Plan for cluster west" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/revisions\\?to=${applied}&from=${applied - 1}`));
  // The undo cannot be repeated: the step's change is already undone.
  const again = await apiPost(page, `/api/revisions/${applied}/undo`, {});
  expect(again.status()).toBe(409);
});
