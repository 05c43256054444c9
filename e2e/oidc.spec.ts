// Single sign-on in the browser against a real OpenID Connect provider (oidc-provider) on loopback
// port 3199 (PORTICO_E2E_OIDC_PORT); playwright.config.ts points the web server at it. The
// provider shows a one-field login form; group claims map to Portico roles via
// PORTICO_OIDC_ROLE_MAP (sso-payments-leads=team-lead:payments, sso-auditors=auditor).
import http from "node:http";
import { expect, test } from "./fixtures/test";
import { createTestProvider } from "../test/oidc-test-provider";

const port = Number(process.env.PORTICO_E2E_OIDC_PORT ?? 3199);
const webPort = Number(process.env.PORTICO_E2E_PORT ?? 3100);
const issuer = `http://127.0.0.1:${port}`;
const ACCOUNTS: Record<string, { email: string; name: string; groups: string[] }> = {
  "sso-lead": {
    email: "sso-lead@my-company.io",
    name: "Sam Sso",
    groups: ["sso-payments-leads", "unmapped-group"],
  },
  "sso-auditor": { email: "sso-auditor@my-company.io", name: "Ari Sso", groups: ["sso-auditors"] },
  "sso-nobody": { email: "sso-nobody@my-company.io", name: "Noa Sso", groups: ["unmapped-group"] },
};

let server: http.Server;

// One provider per run: the tests share it and run in order in one worker.
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const provider = createTestProvider({
    issuer,
    client: {
      id: "portico-e2e",
      secret: "portico-e2e-secret",
      redirectUri: `http://localhost:${webPort}/api/auth/oidc/callback`,
    },
    account: (sub) => ACCOUNTS[sub],
  });
  const callback = provider.callback();
  server = http.createServer((req, res) => {
    const m = req.url?.match(/^\/interaction\/([^/?]+)/);
    if (m && req.method === "GET") {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(
        `<!doctype html><html lang="en"><title>Test IdP</title><main><h1>Test identity provider</h1>` +
          `<form method="post" action="/interaction/${m[1]}"><label for="login">User</label>` +
          `<input id="login" name="login"><button type="submit">Continue</button></form></main></html>`,
      );
      return;
    }
    if (m && req.method === "POST") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const login = new URLSearchParams(body).get("login") ?? "";
        void provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
      });
      return;
    }
    callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function signInWithSso(page: import("@playwright/test").Page, login: string) {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(issuer);
  await page.getByLabel("User").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a team lead signs in through the provider and gets the role its groups map to", async ({
  page,
  dashboard,
}) => {
  await signInWithSso(page, "sso-lead");
  await dashboard.expectSignedIn("team-lead · payments");
  expect(await dashboard.navLabels()).toEqual(["Overview", "Topology", "Revisions", "Requests"]);
  await dashboard.signOut();
});

test("an auditor's group maps to the auditor role", async ({ page, dashboard }) => {
  await signInWithSso(page, "sso-auditor");
  await dashboard.expectSignedIn("auditor");
  await dashboard.openArea("Audit");
  await expect(page.getByRole("cell", { name: "sso-auditor@my-company.io" }).first()).toBeVisible();
});

test("a user in no mapped group is refused", async ({ page }) => {
  await signInWithSso(page, "sso-nobody");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /group|role|access/i })
      .first(),
  ).toBeVisible();
});
