import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures/test";
import { apiPost, saveExampleRevision } from "./fixtures/api";
import { seedSyncedCluster } from "./fixtures/seed-cluster";
import { ClustersPage } from "./pages/clusters-page";

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 6)}`;

test("the clusters list shows health, versions, revision lag and object counts", async ({
  signInAs,
  page,
}) => {
  await signInAs("admin");
  const revision = await saveExampleRevision(page, "01-payments-gateway");
  const name = unique("synced");
  await seedSyncedCluster(name, revision);
  await saveExampleRevision(page, "02-payments-split");
  const clusters = new ClustersPage(page);
  await clusters.goto();
  const row = clusters.row(name);
  // Its API server answered the last sync, but an object drifted: reachable, not healthy.
  await expect(row).toContainText(/reachable · last contact \d+ s ago/);
  await expect(row.getByTestId("cluster-health")).toHaveAttribute("data-state", "drifted");
  await expect(row).not.toContainText("healthy");
  await expect(row).toContainText("us-east-1a");
  await expect(row).toContainText("v1.31.2");
  await expect(row).toContainText("1.24.1");
  await expect(row).toContainText(`behind · #${revision}`);
  await expect(row).toContainText("3 synced");
  await expect(row).toContainText("1 drifted");
  await expect(row).toContainText("1 error");
  await clusters.screenshot("clusters-list");
});

test("the cluster page shows gateway health, drift with its conflict, history, and asks before forcing", async ({
  signInAs,
  page,
}) => {
  await signInAs("platform");
  const revision = await saveExampleRevision(page, "01-payments-gateway");
  const name = unique("detail");
  await seedSyncedCluster(name, revision);
  const clusters = new ClustersPage(page);
  await clusters.gotoCluster(name);
  const health = page.getByRole("table", { name: "Gateway health" });
  await expect(health).toContainText("payments/payments-gateway");
  await expect(health).toContainText("2/2");
  await expect(health).toContainText("203.0.113.10");
  const inventory = page.getByRole("table", { name: "Inventory objects" });
  await expect(inventory.getByRole("row").nth(1)).toContainText(/drifted|error/);
  await expect(inventory).toContainText("Conflict · managers: kubectl-edit · fields: spec.http[0].timeout");
  await page.getByLabel("Status").selectOption("drifted");
  await expect(inventory.getByRole("row")).toHaveCount(2);
  // A drifted object opens to live against desired. This seeded cluster is not in the topology, so
  // the page says there is nothing to compare it with, and why.
  await inventory.getByRole("button", { name: "Show live against desired" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The object could not be compared" })).toContainText(
    "is not in the desired state of cluster",
  );
  await inventory.getByRole("button", { name: "Hide the diff" }).click();
  await expect(page.getByRole("table", { name: "Sync runs" })).toContainText("partial");
  await page.getByLabel("Status").selectOption("");
  await clusters.screenshot("cluster-detail");

  await page.getByRole("button", { name: "Force (take over conflicting fields)" }).click();
  const dialog = page.getByRole("dialog", { name: `Force sync of ${name}?` });
  await expect(dialog).toContainText("takes ownership");
  await expect(dialog).toContainText("kubectl-edit");
  // What the forced apply would change is asked of the cluster; one that cannot be read says so.
  await expect(dialog).toContainText(/The preview failed: Could not read cluster/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // The run's worker picks the sync up and fails fast (this cluster's credentials are fake): the
  // page shows progress, then the failed run.
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("sync-progress").or(page.getByText(/^Last run .*failed/))).toBeVisible();
});

test("an auditor sees the cluster but no sync buttons", async ({ signInAs, page }) => {
  await signInAs("admin");
  const revision = await saveExampleRevision(page, "01-payments-gateway");
  const name = unique("readonly");
  await seedSyncedCluster(name, revision);
  await page.context().clearCookies();
  await signInAs("auditor");
  await new ClustersPage(page).gotoCluster(name);
  await expect(page.getByRole("table", { name: "Inventory objects" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);
  await expect(page.getByText("Your role cannot start syncs.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run the connection check" })).toHaveCount(0);
});

test("the registration form validates as you type and shows the server's refusal", async ({
  signInAs,
  page,
}) => {
  await signInAs("admin");
  const clusters = new ClustersPage(page);
  await clusters.gotoRegistration();
  await page.getByLabel("A kubeconfig file").check();
  await page.getByLabel("…or paste it").fill("this is not a kubeconfig");
  await expect(page.getByRole("alert").filter({ hasText: "This kubeconfig cannot be used" })).toBeVisible();

  await page.getByLabel("API server URL, CA and token").check();
  const nameInput = page.getByLabel("Cluster name");
  await nameInput.fill("East_1");
  await expect(page.getByText("Use lower case letters, digits and '-'")).toBeVisible();
  await expect(nameInput).toHaveAttribute("aria-invalid", "true");
  await nameInput.fill("east-1");
  await expect(page.getByText("Use lower case letters, digits and '-'")).toHaveCount(0);
  await page.getByLabel("API server URL", { exact: true }).fill("http://10.255.0.1:6443");
  await expect(page.getByText("Use the https:// URL of the API server")).toBeVisible();
  await page.getByRole("button", { name: "Register cluster" }).click();
  await expect(page.getByText(/Give (a|the) service account token/)).toBeVisible();
  await clusters.screenshot("cluster-registration-errors");

  // A name that is taken: the server refuses and the form says why.
  const taken = unique("taken");
  const res = await apiPost(page, "/api/clusters", {
    name: taken,
    server: "https://10.255.0.1:6443",
    token: "t",
  });
  expect(res.status()).toBe(201);
  await nameInput.fill(taken);
  await page.getByLabel("API server URL", { exact: true }).fill("https://10.255.0.1:6443");
  await page.getByLabel("Service account token").fill("sample-token");
  await page.getByRole("button", { name: "Register cluster" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The cluster was not registered" })).toContainText(
    taken,
  );
});

test("a registered cluster shows its connection check and what Portico may do there", async ({
  signInAs,
  page,
}) => {
  await signInAs("admin");
  const clusters = new ClustersPage(page);
  await clusters.gotoRegistration();
  await page.getByLabel("API server URL, CA and token").check();
  const name = unique("fresh");
  await page.getByLabel("Cluster name").fill(name);
  await page.getByLabel("API server URL", { exact: true }).fill("https://10.255.0.1:6443");
  await page.getByLabel("Service account token").fill("sample-token");
  await page.getByRole("button", { name: "Register cluster" }).click();
  const result = page.getByTestId("registration-result");
  await expect(result).toContainText(`Cluster ${name} is registered`);
  await expect(
    result.getByText(/Running the connection checklist|Reachable|could not run/).first(),
  ).toBeVisible();
  await result.getByText("What Portico may do in this cluster").click();
  await expect(result.getByRole("table", { name: "Kinds Portico manages and why" })).toContainText(
    "VirtualService",
  );
  await clusters.screenshot("cluster-registered");
});
