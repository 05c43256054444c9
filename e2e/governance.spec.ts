// Governance end to end: a team lead requests a gateway (validation as they type), a platform
// engineer reviews the rendered objects and findings and asks for changes, the lead edits and
// resubmits, the approval creates the revision (the two-approver production rule is proven in
// test/requests-api.test.ts; the e2e clusters are not production), the request follows the sync;
// an auditor filters the audit log and exports CSV. axe scans each page; screenshots for the docs.
// The ledger team deployed its backend and TLS Secret in east beforehand (with kubectl), as a real
// team would: the sync holds the new routes back until they exist.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { kubectlAvailable } from "../test/kubectl";
import { apiPost } from "./fixtures/api";
import { simKubeconfigPath } from "./fixtures/sim-clusters";
import { deployTeamWorkloads } from "./fixtures/team-workloads";
import { expect, test } from "./fixtures/test";
import { E2E_PASSWORD, E2E_USERS, type E2EUserKey } from "./fixtures/users";
import { DashboardPage } from "./pages/dashboard-page";
import { RequestsPage } from "./pages/requests-page";
import { SignInPage } from "./pages/sign-in-page";
import { docScreenshot } from "./doc-screenshot";

test.describe.configure({ mode: "serial" });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

async function session(browser: Browser, who: E2EUserKey) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_USERS[who].email, E2E_PASSWORD);
  await new DashboardPage(page).expectSignedIn(E2E_USERS[who].role);
  return { page, requests: new RequestsPage(page), close: () => context.close() };
}

const suffix = Math.random().toString(36).slice(2, 7);
const product = `ledger-${suffix}`;
let requestUrl = "";

test.beforeAll(async () => {
  const hasKubectl = kubectlAvailable();
  if (!hasKubectl.ok)
    throw new Error(
      `The ledger team's workloads are deployed with kubectl: ${hasKubectl.why}. Install kubectl.`,
    );
  await deployTeamWorkloads(simKubeconfigPath(), {
    cluster: "east",
    namespace: product,
    backend: "ledger",
    tlsSecret: `${product}-tls`,
    host: `${product}.my-company.io`,
  });
});

test("a team lead submits a gateway request, with validation shown as they type", async ({ browser }) => {
  const lead = await session(browser, "lead");
  await lead.requests.gotoNew();
  await lead.page.getByLabel("Hosts (one per line)").fill("Not A Host");
  await expect(lead.page.getByText("a fully qualified host name in lower case")).toBeVisible();
  await lead.page.getByLabel("Path prefix").first().fill("no-slash");
  await expect(lead.page.getByText("a path starting with '/'")).toBeVisible();
  await lead.requests.fill({
    product,
    namespace: product,
    hosts: `${product}.my-company.io`,
    cluster: "east",
    tlsSecret: `${product}-tls`,
    path: "/v1/ledger",
    service: "ledger",
    port: "8080",
  });
  await expect(lead.page.getByText("a fully qualified host name in lower case")).toBeHidden();
  expect(await seriousViolations(lead.page)).toEqual([]);
  await docScreenshot(lead.page, "request-form");
  await lead.requests.submit();
  await lead.page.waitForURL((u) => /^\/requests\/(?!new$)[^/]+$/.test(u.pathname));
  await expect(lead.requests.status()).toContainText("submitted");
  requestUrl = new URL(lead.page.url()).pathname;
  await lead.close();
});

test("a platform engineer reviews the rendered objects and findings and asks for changes", async ({
  browser,
}) => {
  const pe = await session(browser, "platform");
  await pe.page.goto(requestUrl);
  await expect(pe.page.getByRole("heading", { name: "Rendered objects in east" })).toBeVisible();
  await expect(pe.page.getByText(`${product}-gateway`).first()).toBeVisible();
  await expect(pe.page.getByRole("heading", { name: "Analyzer findings" })).toBeVisible();
  await expect(pe.page.getByRole("heading", { name: "Blast radius" })).toBeVisible();
  expect(await seriousViolations(pe.page)).toEqual([]);
  await docScreenshot(pe.page, "request-review");
  await pe.requests.review("Ask for changes", "Please serve /v2/ledger instead.");
  await expect(pe.requests.status()).toContainText("changes requested");
  await pe.close();
});

test("the lead edits and resubmits; the approval creates the revision and the request follows the sync", async ({
  browser,
}) => {
  const lead = await session(browser, "lead");
  await lead.page.goto(requestUrl);
  await expect(lead.page.getByText("Please serve /v2/ledger instead.")).toBeVisible();
  await lead.page.getByLabel("Path prefix").first().fill("/v2/ledger");
  await lead.requests.submit("Resubmit request");
  await expect(lead.requests.status()).toContainText("submitted");

  // An admin requires two approvals for production clusters and marks east as production.
  const admin = await session(browser, "admin");
  const rule = await apiPost(admin.page, "/api/settings/approval-rules", {
    name: `production ${suffix}`,
    productionOnly: true,
    requiredApprovals: 2,
    forbidSelfApproval: true,
  });
  expect(rule.status()).toBe(201);
  await admin.page.goto("/settings/approval-rules");
  await expect(admin.page.getByRole("cell", { name: `production ${suffix}`, exact: true })).toBeVisible();
  expect(await seriousViolations(admin.page)).toEqual([]);
  await docScreenshot(admin.page, "approval-rules");

  const pe = await session(browser, "platform");
  await pe.page.goto(requestUrl);
  await pe.requests.review("Approve");
  await expect(pe.page.getByText(/^Approvals: 1 of \d/)).toBeVisible();
  // Whether a second approval is needed depends on east being production in this run.
  const second = admin;
  await second.page.goto(requestUrl);
  if (await second.page.getByRole("button", { name: "Approve", exact: true }).isVisible())
    await second.requests.review("Approve", "Second pair of eyes");
  await expect(second.requests.status()).toContainText(/approved — waiting for sync|applied/);
  await expect(second.page.getByText(/^Revision \d+ holds this request\.$/)).toBeVisible();

  // With the simulated clusters and the sync worker running, the request turns applied.
  await lead.page.goto(requestUrl);
  await expect(lead.requests.status()).toContainText("applied", { timeout: 90_000 });
  await expect(lead.page.getByRole("list", { name: "Timeline" })).toContainText("applied");
  await docScreenshot(lead.page, "request-applied");
  await Promise.all([lead.close(), pe.close(), admin.close()]);
});

test("an auditor filters the audit log and exports CSV", async ({ browser }) => {
  const auditor = await session(browser, "auditor");
  await auditor.page.goto("/audit");
  await auditor.page.getByLabel("Action").fill("request.");
  await auditor.page.getByRole("button", { name: "Filter" }).click();
  await expect(auditor.page).toHaveURL(/action=request\./);
  await expect(auditor.page.getByRole("cell", { name: "request.submit" }).first()).toBeVisible();
  expect(await seriousViolations(auditor.page)).toEqual([]);
  await docScreenshot(auditor.page, "audit-log");

  const [download] = await Promise.all([
    auditor.page.waitForEvent("download"),
    auditor.page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe(
    "id,at,actorEmail,actorRole,action,targetType,targetId,productSlug,clusterName,requestId,before,after",
  );
  expect(csv).toContain("request.submit");
  // Only the filtered set: no sign-in events.
  expect(csv).not.toContain(",auth.sign-in");

  // One event's before/after.
  await auditor.page
    .getByRole("link")
    .filter({ hasText: /^\d{4}-\d{2}-\d{2} / })
    .first()
    .click();
  await expect(auditor.page.getByRole("table", { name: "Before and after" })).toBeVisible();
  expect(await seriousViolations(auditor.page)).toEqual([]);
  await auditor.close();
});
