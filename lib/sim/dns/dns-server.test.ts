import { mkdtempSync, writeFileSync } from "node:fs";
import { Resolver } from "node:dns/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectl } from "../../../test/kubectl";
import { startSimulator, type Simulator } from "../simulator";

// The demo's DNS as external-dns would publish it: the shared gateway's hosts from its Service
// annotation (external-dns's service source), then DNSEndpoint objects (its CRD source) with Route
// 53 weighted records, answered over real UDP and read back with Node's resolver.
let sim: Simulator;
let kubeconfig: string;
let resolver: Resolver;

beforeAll(async () => {
  sim = await startSimulator({
    clusters: ["east=us-east-1a", "west=us-west-2b"],
    scenario: { name: "reference" },
    deploymentReadyDelayMs: 20,
  });
  kubeconfig = join(mkdtempSync(join(tmpdir(), "portico-dns-")), "kubeconfig");
  writeFileSync(kubeconfig, sim.kubeconfig());
  resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([sim.dns!]);
});

afterAll(async () => {
  await sim?.stop();
});

function sharedAddress(): string {
  return sim.dataPlane!.plane("east")!.addressOf("istio-system", "istio-ingressgateway")!;
}

function dnsEndpoint(weights: { shared: number; product: number }, product: string): string {
  return JSON.stringify({
    apiVersion: "externaldns.k8s.io/v1alpha1",
    kind: "DNSEndpoint",
    metadata: { name: "payments-cutover", namespace: "payments" },
    spec: {
      endpoints: [
        {
          dnsName: "payments.my-company.io",
          recordType: "A",
          recordTTL: 30,
          targets: [sharedAddress()],
          setIdentifier: "shared",
          providerSpecific: [{ name: "aws/weight", value: String(weights.shared) }],
        },
        {
          dnsName: "payments.my-company.io",
          recordType: "A",
          recordTTL: 30,
          targets: [product],
          setIdentifier: "payments-gateway",
          providerSpecific: [{ name: "aws/weight", value: String(weights.product) }],
        },
      ],
    },
  });
}

async function applyJson(json: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "portico-dns-obj-"));
  writeFileSync(join(dir, "o.json"), json);
  await kubectl(kubeconfig, "east", ["apply", "--server-side", "-f", join(dir, "o.json")]);
}

describe("the demo DNS server", () => {
  it("answers the shared gateway's hosts from its Service annotation, NXDOMAIN for others", async () => {
    expect(sharedAddress()).toMatch(/^127\./);
    expect(await resolver.resolve4("payments.my-company.io")).toEqual([sharedAddress()]);
    expect(await resolver.resolve4("analytics.my-company.io")).toEqual([sharedAddress()]);
    await expect(resolver.resolve4("nowhere.my-company.io")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("follows DNSEndpoint weights applied with kubectl, as Route 53 weighted routing does", async () => {
    const product = "127.0.0.99";
    await applyJson(dnsEndpoint({ shared: 0, product: 100 }, product));
    for (let i = 0; i < 10; i++) expect(await resolver.resolve4("payments.my-company.io")).toEqual([product]);

    await applyJson(dnsEndpoint({ shared: 50, product: 50 }, product));
    const seen = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const [a] = await resolver.resolve4("payments.my-company.io");
      seen.set(a!, (seen.get(a!) ?? 0) + 1);
    }
    // Binomial(200, 0.5): below 60 for either side has a probability under 1e-8.
    expect(seen.get(product)).toBeGreaterThan(60);
    expect(seen.get(sharedAddress())).toBeGreaterThan(60);
    // The other host still comes from the Service annotation.
    expect(await resolver.resolve4("analytics.my-company.io")).toEqual([sharedAddress()]);
  });

  it("lets ServiceEntry endpoints resolve through the same records", async () => {
    await applyJson(dnsEndpoint({ shared: 100, product: 0 }, "127.0.0.99"));
    expect(sim.dataPlane!.resolveHost("payments.my-company.io", "east")).toBe(sharedAddress());
  });
});
