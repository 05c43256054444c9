import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { expect, test } from "./fixtures/test";
import { apiPost, saveExampleRevision } from "./fixtures/api";
import { TopologyPage } from "./pages/topology-page";

test.describe("topology page", () => {
  // Specs run in parallel against one database, so each names the revision it shows.
  let revision = 0;
  test.beforeEach(async ({ signInAs, page }) => {
    await signInAs("admin");
    revision = await saveExampleRevision(page, "01-payments-gateway");
  });

  test("draws the reference scenario and shows a node's rendered YAML", async ({ page }) => {
    const topology = new TopologyPage(page);
    await topology.goto({ revision });
    await topology.waitReady();
    await expect(topology.node("host:payments.my-company.io")).toBeVisible();
    await expect(topology.node("gateway:east/istio-system/istio-ingressgateway")).toContainText(
      "shared gateway",
    );
    await expect(topology.node("service:east/payments/payments")).toBeVisible();
    // No Prometheus in this environment: no rates on the edges, only a quiet line saying why.
    await expect(page.getByTestId("edge-rates-note")).toContainText("No Prometheus is configured");

    await topology.node("gateway:east/payments/payments-gateway").click();
    await expect(topology.details()).toBeVisible();
    await expect(topology.details().getByTestId("node-yaml").first()).toContainText("kind: Deployment");
    await expect(topology.details().getByTestId("node-yaml").first()).toContainText("name: payments-gateway");
    await topology.screenshot("topology-details");
    await page.keyboard.press("Escape");
    await expect(topology.details()).toHaveCount(0);
  });

  test("opens details from the keyboard", async ({ page }) => {
    const topology = new TopologyPage(page);
    await topology.goto({ revision });
    await topology.waitReady();
    const gateway = topology.node("gateway:east/payments/payments-gateway");
    await gateway.focus();
    await page.keyboard.press("Enter");
    await expect(topology.details()).toContainText("product gateway");
    await expect(topology.details().getByRole("button", { name: /Close details/ })).toBeFocused();
    await expect(topology.details().getByTestId("node-yaml")).toContainText("kind: HorizontalPodAutoscaler");
    await page.keyboard.press("Escape");
    await expect(topology.details()).toHaveCount(0);
    await expect(gateway).toBeFocused();
  });

  test("search highlights matches and Enter opens the first", async ({ page }) => {
    const topology = new TopologyPage(page);
    await topology.goto({ revision });
    await topology.waitReady();
    await topology.search().fill("checkout");
    await expect(page.getByText("1 match")).toBeVisible();
    await expect(topology.node("client:east/checkout/checkout").locator("[data-match]")).toHaveCount(1);
    await topology.search().press("Enter");
    await expect(topology.details()).toContainText("checkout");
  });

  test("compares with an earlier revision", async ({ page }) => {
    const before = await saveExampleRevision(page, "01-payments-gateway", "e2e: before split");
    const after = await saveExampleRevision(page, "02-payments-split");
    const topology = new TopologyPage(page);
    await topology.goto({ revision: after });
    await topology.waitReady();
    await page.getByTestId("compare-select").selectOption(`rev:${before}`);
    await expect(page.getByTestId("diff-summary")).toContainText("added");
    await expect(
      topology.node("service:east/payments/credit-card").locator("[data-change=added]"),
    ).toHaveCount(1);
    await expect(
      topology.node("gateway:east/istio-system/istio-ingressgateway").locator("[data-change=removed]"),
    ).toHaveCount(1);
    await topology.screenshot("topology-compare");
  });

  test("compares with a draft file, in the browser", async ({ page }) => {
    const topology = new TopologyPage(page);
    await topology.goto({ revision });
    await topology.waitReady();
    await page.getByLabel("Draft file (YAML)").setInputFiles("docs/examples/02-payments-split.yaml");
    await expect(page.getByTestId("compare-select")).toHaveValue("draft");
    await expect(page.getByTestId("diff-summary")).toContainText("added");
    const creditCard = topology.node("service:east/payments/credit-card");
    await expect(creditCard.locator("[data-change=added]")).toHaveCount(1);
    // The draft is rendered where it is: in the browser.
    await creditCard.click();
    await expect(topology.details()).toContainText("added");
    await expect(topology.details().getByTestId("node-yaml")).toContainText("kind: DestinationRule");
    await expect(topology.details().getByTestId("node-yaml")).toContainText("name: credit-card");
  });

  test("puts the analyzer's findings on the node they concern", async ({ page }) => {
    // The Payments gateway accepts a host that no route serves: a PTC022 warning on that gateway.
    const document = parse(readFileSync("docs/examples/01-payments-gateway.yaml", "utf8")) as {
      gateways: { name: string; listeners: { hosts: string[] }[] }[];
    };
    document.gateways
      .find((g) => g.name === "payments-gateway")!
      .listeners[0]!.hosts.push("unrouted.my-company.io");
    const res = await apiPost(page, "/api/revisions", { document, message: "e2e: a host without a route" });
    expect(res.status()).toBe(201);
    const topology = new TopologyPage(page);
    await topology.goto({ revision: ((await res.json()) as { number: number }).number });
    await topology.waitReady();
    const gateway = topology.node("gateway:east/payments/payments-gateway");
    await expect(gateway.getByTitle("1 warning finding(s)")).toBeVisible();
    await expect(topology.node("service:east/payments/payments").getByTitle(/finding/)).toHaveCount(0);
    await gateway.click();
    await expect(topology.details()).toContainText("PTC022");
  });

  test("downloads the Istio YAML of the revision on screen (one cluster: one YAML stream)", async ({
    page,
  }) => {
    const topology = new TopologyPage(page);
    await topology.goto({ revision });
    await topology.waitReady();
    // The estate has one cluster, so the download is its stream (several come as a .tar.gz).
    await expect(page.getByTestId("export-istio")).toHaveText("Istio YAML");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-istio").click(),
    ]);
    expect(download.suggestedFilename()).toBe(`portico-r${revision}-all-east-istio.yaml`);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text).toContain("# product: all; cluster: east");
    expect(text).toContain("kind: Gateway");
    expect(text).toContain("payments-gateway");
  });
});
