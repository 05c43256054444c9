import { expect, test } from "./fixtures/test";
import { E2E_USERS, type E2EUserKey } from "./fixtures/users";

test.describe("sign-in by role", () => {
  for (const key of Object.keys(E2E_USERS) as E2EUserKey[]) {
    const user = E2E_USERS[key];
    test(`${user.role} sees the areas of the role`, async ({ signInAs }) => {
      const dashboard = await signInAs(key);
      expect(await dashboard.navLabels()).toEqual(user.nav);
    });
  }

  test("a team lead gets a 403 page for areas the role cannot use", async ({ signInAs, page }) => {
    await signInAs("lead");
    const res = await page.goto("/audit");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
    const clusters = await page.goto("/clusters");
    expect(clusters?.status()).toBe(403);
  });

  test("every area a platform engineer sees opens", async ({ signInAs }) => {
    const dashboard = await signInAs("platform");
    await dashboard.openArea("Clusters");
    // global-setup registers the simulated clusters east and west before any spec runs.
    await expect(dashboard.page.getByRole("link", { name: "east", exact: true })).toBeVisible();
    for (const area of ["Topology", "Migrations", "Requests", "Audit"]) await dashboard.openArea(area);
  });
});

test("a wrong password shows one clear error and no session", async ({ signInPage, page }) => {
  await signInPage.goto();
  await signInPage.signIn(E2E_USERS.admin.email, "not-the-password");
  await expect(signInPage.error()).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.context().cookies()).find((c) => c.name === "portico_session")).toBeUndefined();
});

test("pages need a session", async ({ page }) => {
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("sign out ends the session for the browser and the API", async ({ signInAs, page }) => {
  const dashboard = await signInAs("auditor");
  const before = await page.request.get("/api/me");
  expect(before.status()).toBe(200);
  const cookie = (await page.context().cookies()).find((c) => c.name === "portico_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await dashboard.openArea("Audit");
  await dashboard.signOut();
  expect((await page.request.get("/api/me")).status()).toBe(401);
  // The old cookie value no longer works either, even if someone kept it.
  const replay = await page.request.get("/api/me", {
    headers: { cookie: `portico_session=${cookie!.value}` },
  });
  expect(replay.status()).toBe(401);
  // The back button leads to the audit page again; loading it now sends the browser to sign-in.
  await page.goBack();
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Audit" })).toHaveCount(0);
});

test("unknown pages and API paths answer 404", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const api = await page.request.get("/api/no/such/endpoint");
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe("NOT_FOUND");
});

test("health reports the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
});
