import { describe, expect, it } from "vitest";
import { analyze, checkContract, hasErrors } from "@/lib/analysis";
import { loadExample } from "@/lib/topology/examples";
import { insertProductGateway } from "./insert-product-gateway";
import { MigrationError } from "./migration-error";
import { comparable } from "./test-helpers";

const step0 = loadExample("00-shared-ingress");
const step1 = loadExample("01-payments-gateway");

function serveBothForBoth() {
  const a = insertProductGateway(step0, {
    product: "payments",
    moveInternalClients: true,
    phase: "serve-both",
    size: "medium",
  });
  return insertProductGateway(a.topology, {
    product: "analytics",
    moveInternalClients: false,
    phase: "serve-both",
    size: "small",
  });
}

describe("insertProductGateway serve-both", () => {
  it("turns the reference scenario 00 into 01 (except the 10s timeout 01 adds by hand)", () => {
    const after = serveBothForBoth().topology;
    const expected = comparable(step1);
    // 01 also sets a 10s timeout on the payments rule, a separate decision the wizard does not make.
    delete expected.routes[0]!.http[0]!.timeout;
    expect(comparable(after)).toEqual(expected);
  });

  it("keeps the API contract and leaves no analyzer errors", () => {
    const after = serveBothForBoth().topology;
    expect(checkContract(step0, after)).toMatchObject({ ok: true, broken: [] });
    expect(hasErrors(analyze(after))).toBe(false);
  });

  it("uses a dedicated namespace for a product spanning namespaces and moves its VirtualService there", () => {
    const r = insertProductGateway(step0, {
      product: "analytics",
      moveInternalClients: false,
      phase: "serve-both",
    });
    const gw = r.topology.gateways.find((g) => g.name === "analytics-gateway")!;
    expect(gw.namespace).toBe("analytics-gateway");
    expect(gw.selector).toEqual({ istio: "analytics-gateway" });
    expect(r.topology.routes.find((x) => x.name === "analytics")!.namespace).toBe("analytics-gateway");
    expect(r.changes.join("\n")).toMatch(/Move VirtualService analytics from namespace analytics-ingest/);
  });

  it("leaves internal clients alone unless asked, and says what to do about TLS and DNS", () => {
    const r = insertProductGateway(step0, {
      product: "payments",
      moveInternalClients: false,
      phase: "serve-both",
      tlsSecret: "pay-cert",
    });
    expect(r.topology.clients[0]!.calls).toEqual(["payments.payments.svc.cluster.local"]);
    expect(r.topology.gateways[1]!.listeners[0]!.tls?.credentialName).toBe("pay-cert");
    expect(r.notes.join("\n")).toMatch(/TLS secret pay-cert in namespace payments/);
    expect(r.notes.join("\n")).toMatch(/Point DNS/);
  });

  it("keeps the https redirect of a shared port-80 listener on the product gateway", () => {
    const before = structuredClone(step0);
    before.gateways[0]!.listeners.push({
      name: "http-redirect",
      port: 80,
      protocol: "HTTP",
      hosts: ["payments.my-company.io", "analytics.my-company.io"],
      httpsRedirect: true,
    });
    const r = insertProductGateway(before, {
      product: "payments",
      moveInternalClients: false,
      phase: "serve-both",
    });
    const gw = r.topology.gateways.find((g) => g.name === "payments-gateway")!;
    expect(gw.listeners.find((l) => l.port === 80)).toEqual({
      name: "http-redirect",
      port: 80,
      protocol: "HTTP",
      hosts: ["payments.my-company.io"],
      httpsRedirect: true,
    });
  });

  it("refuses unknown products and clusters with a message saying what to do", () => {
    expect(() =>
      insertProductGateway(step0, { product: "nope", moveInternalClients: false, phase: "serve-both" }),
    ).toThrow(MigrationError);
    expect(() =>
      insertProductGateway(step0, {
        product: "payments",
        clusters: ["mars"],
        moveInternalClients: false,
        phase: "serve-both",
      }),
    ).toThrow(/mars/);
  });
});

describe("insertProductGateway cut-over", () => {
  it("removes only the product's host from the shared gateway and keeps the contract", () => {
    const both = serveBothForBoth().topology;
    const r = insertProductGateway(both, {
      product: "payments",
      moveInternalClients: true,
      phase: "cut-over",
    });
    const shared = r.topology.gateways.find((g) => g.mode === "shared")!;
    expect(shared.listeners[0]!.hosts).toEqual(["analytics.my-company.io"]);
    expect(r.topology.routes.find((x) => x.name === "payments")!.gateways).toEqual([
      "payments/payments-gateway",
    ]);
    expect(checkContract(both, r.topology).ok).toBe(true);
    expect(hasErrors(analyze(r.topology))).toBe(false);
  });

  it("drops the shared gateway from the topology once it serves nothing (as in 02)", () => {
    let t = serveBothForBoth().topology;
    t = insertProductGateway(t, {
      product: "payments",
      moveInternalClients: true,
      phase: "cut-over",
    }).topology;
    t = insertProductGateway(t, {
      product: "analytics",
      moveInternalClients: false,
      phase: "cut-over",
    }).topology;
    expect(t.gateways.map((g) => g.name)).toEqual(["payments-gateway", "analytics-gateway"]);
    const step2 = loadExample("02-payments-split");
    expect(t.gateways).toEqual(step2.gateways);
    // The shared gateway stays in the cluster although the document drops it: the contract holds
    // once the cluster shows it without the product hosts.
    expect(checkContract(step0, t).broken.every((b) => b.entry === "istio-system/istio-ingressgateway")).toBe(
      true,
    );
    expect(checkContract(step0, t).ok).toBe(false);
    expect(checkContract(step0, t, { live: { east: [] } }).ok).toBe(true);
  });

  it("the contract check catches unbinding the shared gateway while it still exposes the host", () => {
    const both = serveBothForBoth().topology;
    const early = structuredClone(both);
    early.routes[0]!.gateways = ["payments/payments-gateway"];
    const c = checkContract(both, early);
    expect(c.ok).toBe(false);
    expect(c.broken[0]!.reason).toMatch(/still exposes payments.my-company.io/);
  });

  it("refuses a cut-over before the product gateway exists", () => {
    expect(() =>
      insertProductGateway(step0, { product: "payments", moveInternalClients: false, phase: "cut-over" }),
    ).toThrow(/serve both/);
  });
});
