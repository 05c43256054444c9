// The migration journey in the browser, against simulated clusters and the real sync worker:
// import east's shared ingress, give Payments its own gateway (serve both, verify, cut over), split
// payments, copy Payments to west, roll the last step back. After each step the real kubectl reads
// the cluster as an independent client. Runs alone, after the other specs (playwright.config.ts);
// on its own: `npx playwright test --project=journey --no-deps`.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { REFERENCE_NAMESPACES, REFERENCE_SHARED_INGRESS } from "../lib/import/reference-shared-ingress";
import { toYaml } from "../lib/topology/to-yaml";
import { kubectl, kubectlAvailable, kubectlItems } from "../test/kubectl";
import { expect, test } from "./fixtures/test";
import { apiPost, waitForObserved } from "./fixtures/api";
import { SIM_CLUSTERS, simKubeconfigPath } from "./fixtures/sim-clusters";
import { MigrationsPage } from "./pages/migrations-page";

const ci = process.env.CI === "true" || process.env.CI === "1";
const hasKubectl = kubectlAvailable();
if (!hasKubectl.ok && ci) {
  throw new Error(
    `\n\n*** The journey end-to-end test needs the real kubectl as an independent client: ${hasKubectl.why}. Install kubectl (e.g. /usr/bin/kubectl). ***\n`,
  );
}

test.describe.configure({ mode: "serial" });
test.skip(
  !hasKubectl.ok,
  `kubectl is missing (${hasKubectl.ok ? "" : hasKubectl.why}); the journey is checked under CI only`,
);

const kc = () => simKubeconfigPath();
const get = (cluster: string, args: string[]) => kubectlItems(kc(), cluster, args);
const vsSpec = async (cluster: string, ns: string, name: string) =>
  (await get(cluster, ["virtualservice", "-n", ns, name]))[0] as any;

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
}

/**
 * The state before Portico: a desired state with nothing in it (the worker prunes whatever other
 * specs' revisions left in the simulated clusters), then east's shared ingress written by hand
 * with kubectl, not by Portico. The Payments team's backends (also the split's successors, and in
 * west) and TLS Secrets are there from the start (the simulator's reference scenario,
 * playwright.config.ts): the product gateway's routes wait for them.
 */
async function startFromSharedIngress(page: Page) {
  const document = {
    apiVersion: "portico.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: "my-company", description: "Journey baseline: nothing desired yet" },
    domain: "my-company.io",
    clusters: SIM_CLUSTERS.map((c) => ({ ...c })),
  };
  const res = await apiPost(page, "/api/revisions", {
    document,
    message: "Journey baseline: nothing desired yet",
  });
  expect(res.status()).toBe(201);
  const baseline = ((await res.json()) as { number: number }).number;
  await waitForObserved(
    page,
    SIM_CLUSTERS.map((c) => c.name),
    baseline,
  );
  const dir = mkdtempSync(path.join(tmpdir(), "portico-journey-"));
  const file = path.join(dir, "shared-ingress.yaml");
  const objects = [...REFERENCE_NAMESPACES, ...REFERENCE_SHARED_INGRESS].map((o) => {
    const { creationTimestamp: _c, ...metadata } = o.metadata;
    return { ...o, metadata };
  });
  writeFileSync(file, toYaml(objects));
  await kubectl(kc(), "east", ["apply", "-f", file]);
}

/**
 * The platform team stops the shared gateway taking a host once DNS points elsewhere; until then
 * the contract check reports the calls that the cut-over would answer with 404 there.
 */
async function retireSharedHost(host: string) {
  const shared = REFERENCE_SHARED_INGRESS.find((o) => o.kind === "Gateway")!;
  const { creationTimestamp: _c, ...metadata } = shared.metadata;
  const spec = structuredClone(shared.spec) as { servers: Array<{ hosts: string[] }> };
  for (const s of spec.servers) s.hosts = s.hosts.filter((h) => h !== host);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "portico-journey-")), "shared-gateway.yaml");
  writeFileSync(file, toYaml([{ ...shared, metadata, spec }]));
  await kubectl(kc(), "east", ["apply", "-f", file]);
}

test("the migration journey of Payments lands in the clusters and rolls back", async ({ signInAs, page }) => {
  test.setTimeout(600_000);
  const m = new MigrationsPage(page);
  await signInAs("platform");
  await startFromSharedIngress(page);

  // Step 0: import east's shared ingress.
  await m.gotoImport();
  await m.readCluster("east");
  await expect(m.ownerInput("payments.my-company.io", "Product")).toHaveValue("payments");
  await expect(m.ownerInput("analytics.my-company.io", "Product")).toHaveValue("analytics");
  expect(await seriousViolations(page), "/migrations/import").toEqual([]);
  await m.screenshot("migrations-import");
  await m.saveImport("Import the shared ingress of east");

  await m.gotoOverview();
  await expect(page.getByRole("link", { name: "payments", exact: true })).toBeVisible();
  expect(await seriousViolations(page), "/migrations").toEqual([]);
  await m.screenshot("migrations-overview");

  // Step 1, serve both: the product gateway next to the shared one.
  await m.gotoProduct("payments");
  await m.preview();
  await m.expectContractHolds();
  await expect(page.getByText(/Deploy gateway payments\/payments-gateway/)).toBeVisible();
  await page
    .getByRole("region", { name: "Plan for cluster east" })
    .getByText("Deployment payments/payments-gateway")
    .click();
  expect(await seriousViolations(page), "/migrations/payments (preview)").toEqual([]);
  await m.screenshot("migrations-step1-preview");
  const serveBoth = await m.apply();
  await m.waitForClusters(["east"]);
  await m.verify();
  await m.screenshot("migrations-step1-verified");
  await expect
    .poll(async () => (await vsSpec("east", "payments", "payments")).spec.gateways, { timeout: 30_000 })
    .toEqual(["istio-system/istio-ingressgateway", "payments/payments-gateway"]);
  const deployment = (await get("east", ["deployment", "-n", "payments", "payments-gateway"]))[0] as any;
  expect(deployment.metadata.labels["app.kubernetes.io/managed-by"]).toBe("portico");
  expect(
    (await get("east", ["gateway.networking.istio.io", "-n", "payments", "payments-gateway"]))[0]!.metadata
      .name,
  ).toBe("payments-gateway");
  expect(serveBoth).toBeGreaterThan(1);

  // Step 1, cut over after the DNS switch and once the shared gateway no longer takes the host.
  await retireSharedHost("payments.my-company.io");
  await m.gotoProduct("payments");
  await page.getByLabel(/Cut over: remove the hosts/).check();
  await m.preview();
  await m.expectContractHolds();
  // The demo run has no resolver and no Prometheus: the gate cannot observe DNS or the drain, so it
  // holds, and the platform engineer overrides it with a reason (audited).
  await expect(
    page.getByText(/The cut-over gate is held: DNS for payments\.my-company\.io is neither published/),
  ).toBeVisible();
  await page
    .getByLabel("Cut-over override reason (platform engineers; audited)")
    .fill("DNS moved by the network team; the shared gateway's logs show no payments calls");
  await m.apply();
  await m.waitForClusters(["east"]);
  await expect
    .poll(async () => (await vsSpec("east", "payments", "payments")).spec.gateways, { timeout: 30_000 })
    .toEqual(["payments/payments-gateway"]);

  // Step 2: split payments into direct-deposit and credit-card.
  await m.gotoProduct("payments");
  await m.chooseStep(/^2\. Split a service/);
  await page.getByLabel("Successor 1 name").fill("direct-deposit");
  await page.getByLabel("Successor 1 paths").fill("/v1/payments/direct-deposits");
  await page.getByLabel("Successor 2 name").fill("credit-card");
  await page.getByLabel("Successor 2 paths").fill("/v1/payments/cards");
  await m.preview();
  await m.expectContractHolds();
  await m.screenshot("migrations-step2-preview");
  await m.apply();
  await m.waitForClusters(["east"]);
  await expect
    .poll(
      async () =>
        ((await vsSpec("east", "payments", "payments")).spec.http as any[]).map(
          (h) => h.route[0].destination.host,
        ),
      { timeout: 30_000 },
    )
    .toEqual([
      "direct-deposit.payments.svc.cluster.local",
      "credit-card.payments.svc.cluster.local",
      "payments.payments.svc.cluster.local",
    ]);

  // Step 3: Payments in west too, with failover.
  await m.gotoProduct("payments");
  await m.chooseStep(/^3\. Run in another cluster/);
  await page.getByLabel("Target cluster").selectOption("west");
  await m.preview();
  await m.expectContractHolds();
  await m.screenshot("migrations-step3-preview");
  await m.apply();
  await m.waitForClusters(["east", "west"]);
  await m.verify();
  await m.screenshot("migrations-step3-verified");
  await expect
    .poll(async () => (await get("west", ["deployment", "-n", "payments", "payments-gateway"])).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const entries = await get("east", ["serviceentries.networking.istio.io", "-A"]);
  expect(entries.map((e) => e.metadata.name)).toContain("payments-gateway-mesh");
  const rules = (await get("west", ["destinationrules.networking.istio.io", "-n", "payments"])) as any[];
  expect(rules.length).toBeGreaterThan(0);
  for (const r of rules) expect(r.spec.trafficPolicy.outlierDetection).toBeDefined();

  // Roll step 3 back: west no longer runs the Payments gateway; the team's backends, which Portico
  // never owned, stay.
  await m.rollback();
  await m.waitForClusters(["east", "west"]);
  await m.screenshot("migrations-rollback");
  const westDeployments = async () =>
    (await kubectl(kc(), "west", ["get", "deployment", "-n", "payments", "-o", "name"])).trim().split("\n");
  await expect.poll(westDeployments, { timeout: 60_000 }).not.toContain("deployment.apps/payments-gateway");
  expect(await westDeployments()).toEqual([
    "deployment.apps/credit-card",
    "deployment.apps/direct-deposit",
    "deployment.apps/payments",
  ]);
  expect((await get("east", ["deployment", "-n", "payments", "payments-gateway"])).length).toBe(1);
});

test("the migration pages can be used with the keyboard", async ({ signInAs, page }) => {
  await signInAs("platform");
  await page.goto("/migrations/payments");
  const nav = page.getByRole("navigation", { name: "Journey steps" });
  await nav.getByRole("button", { name: /^1\. Insert/ }).focus();
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("button", { name: /^2\. Split/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(nav.getByRole("button", { name: /^2\. Split/ })).toHaveAttribute("aria-current", "step");
  expect(await seriousViolations(page)).toEqual([]);
});
