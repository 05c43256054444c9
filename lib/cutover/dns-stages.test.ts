import { describe, expect, it } from "vitest";
import { renderCluster } from "@/lib/istio/render-cluster";
import { schemaError } from "@/lib/istio/conformance";
import { parseTopology, type Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { DnsStageError, planDnsStage, publishedPercent, type DnsStageInput } from "./dns-stages";

const SHARED = { gateway: "istio-system/istio-ingressgateway", addresses: ["127.0.0.10"] };
const OWN = { gateway: "payments/payments-gateway", addresses: ["127.0.0.20", "127.0.0.21"] };

function stage(topology: Topology, target: DnsStageInput["target"], extra: Partial<DnsStageInput> = {}) {
  return planDnsStage({
    topology,
    product: "payments",
    shared: SHARED,
    own: OWN,
    target,
    placement: { cluster: "east", namespace: "payments", ttl: 30 },
    ...extra,
  });
}

const payments = (t: Topology) => t.products.find((p) => p.name === "payments")!;

describe("planDnsStage", () => {
  const step1 = loadExample("01-payments-gateway");

  it("publishes the product's hosts at 10 % to the product gateway the first time, in the chosen place", () => {
    const plan = stage(step1, 10);
    expect(plan).toMatchObject({
      from: null,
      to: 10,
      direction: "forward",
      hosts: ["payments.my-company.io"],
    });
    expect(payments(plan.topology).dns).toEqual({
      cluster: "east",
      namespace: "payments",
      ttl: 30,
      stages: [10, 50, 100],
      hosts: [
        {
          host: "payments.my-company.io",
          records: [
            { setIdentifier: "shared", gateway: SHARED.gateway, targets: ["127.0.0.10"], weight: 90 },
            { setIdentifier: "payments-gateway", gateway: OWN.gateway, targets: OWN.addresses, weight: 10 },
          ],
        },
      ],
    });
    // Nothing else of the document moves.
    expect({ ...plan.topology, products: [] }).toEqual({ ...step1, products: [] });
    expect(payments(plan.topology).dns && publishedPercent(payments(plan.topology), OWN.gateway)).toBe(10);
  });

  it("renders the stage as one DNSEndpoint in the chosen cluster only, with Route 53 weights", () => {
    const t = stage(step1, 10).topology;
    const east = renderCluster(t, "east").objects.filter((o) => o.kind === "DNSEndpoint");
    expect(east).toHaveLength(1);
    const o = east[0]! as any;
    expect(o.metadata).toMatchObject({
      name: "payments-dns",
      namespace: "payments",
      labels: { "portico.dev/product": "payments" },
    });
    expect(o.spec.endpoints).toEqual([
      {
        dnsName: "payments.my-company.io",
        recordType: "A",
        recordTTL: 30,
        targets: ["127.0.0.10"],
        setIdentifier: "shared",
        providerSpecific: [{ name: "aws/weight", value: "90" }],
      },
      {
        dnsName: "payments.my-company.io",
        recordType: "A",
        recordTTL: 30,
        targets: ["127.0.0.20", "127.0.0.21"],
        setIdentifier: "payments-gateway",
        providerSpecific: [{ name: "aws/weight", value: "10" }],
      },
    ]);
    expect(schemaError(o)).toBeUndefined();
    // The Gateway API output carries the same object; west gets none.
    expect(
      renderCluster(t, "east", { format: "gateway-api" }).objects.some((x) => x.kind === "DNSEndpoint"),
    ).toBe(true);
    expect(renderCluster(t, "west").objects.some((x) => x.kind === "DNSEndpoint")).toBe(false);
    // DNS moves last, after everything that serves the clients it sends.
    expect(renderCluster(t, "east").objects.at(-1)?.kind).toBe("DNSEndpoint");
  });

  it("walks the stages in order, refuses a skipped or unknown one, and returns to 0 %", () => {
    const at10 = stage(step1, 10).topology;
    expect(() => stage(at10, 100)).toThrow(/at 10 % and the next stage is 50 %.*not skipped/);
    expect(() => stage(at10, 30)).toThrow(/30 % is not a stage of payments \(10 % → 50 % → 100 %\)/);
    expect(() => stage(step1, 50)).toThrow(/next stage is 10 %/);
    const at50 = stage(at10, 50);
    expect(at50).toMatchObject({ from: 10, to: 50, direction: "forward" });
    const at100 = stage(at50.topology, 100);
    expect(at100.records.map((r) => r.weight)).toEqual([0, 100]);
    expect(() => stage(at100.topology, 100)).toThrow(/already published at 100 %.*nothing to change/);
    const back = stage(at100.topology, "return");
    expect(back).toMatchObject({ from: 100, to: 0, direction: "back" });
    expect(back.records.map((r) => r.weight)).toEqual([100, 0]);
    // Going back to a lower stage is allowed, and is not a step forward.
    expect(stage(at100.topology, 10)).toMatchObject({ direction: "back", to: 10 });
  });

  it("keeps the place, TTL, stages and set identifiers already published, and takes new addresses", () => {
    const custom = stage(step1, 5, {
      topology: {
        ...step1,
        products: step1.products.map((p) =>
          p.name === "payments"
            ? {
                ...p,
                dns: {
                  cluster: "west",
                  namespace: "dns",
                  ttl: 15,
                  stages: [5, 100],
                  hosts: [
                    {
                      host: "payments.my-company.io",
                      records: [
                        {
                          setIdentifier: "old-lb",
                          gateway: SHARED.gateway,
                          targets: ["127.0.0.9"],
                          weight: 1,
                        },
                      ],
                    },
                  ],
                },
              }
            : p,
        ),
      },
    });
    expect(payments(custom.topology).dns).toMatchObject({
      cluster: "west",
      namespace: "dns",
      ttl: 15,
      stages: [5, 100],
    });
    expect(custom.records).toEqual([
      { setIdentifier: "old-lb", gateway: SHARED.gateway, targets: ["127.0.0.10"], weight: 95 },
      { setIdentifier: "payments-gateway", gateway: OWN.gateway, targets: OWN.addresses, weight: 5 },
    ]);
  });

  it("refuses what DNS cannot publish, saying what to do", () => {
    expect(() => stage(step1, 10, { own: { ...OWN, addresses: [] } })).toThrow(
      /product gateway payments\/payments-gateway has no load-balancer address.*wait/,
    );
    expect(() => stage(step1, 10, { own: { ...OWN, addresses: ["lb-1.elb.example.com"] } })).toThrow(
      /one record type per name/,
    );
    expect(() => stage(step1, 10, { product: "nope" })).toThrow(DnsStageError);
    expect(() => stage(step1, 101)).toThrow(/whole number from 0 to 100/);
  });
});

describe("products[].dns in the topology schema", () => {
  const step1 = loadExample("01-payments-gateway");
  const withDns = (dns: unknown) => ({
    ...step1,
    products: step1.products.map((p) => (p.name === "payments" ? { ...p, dns } : p)),
  });
  const record = (over: object = {}) => ({ setIdentifier: "a", targets: ["127.0.0.1"], weight: 1, ...over });

  it("refuses a host the product does not own, repeated set identifiers, mixed record types and bad stages", () => {
    const r = parseTopology(
      withDns({
        cluster: "east",
        namespace: "payments",
        stages: [50, 10],
        hosts: [
          { host: "analytics.my-company.io", records: [record()] },
          {
            host: "payments.my-company.io",
            records: [
              record(),
              record({ targets: ["lb.example.com"] }),
              record({ setIdentifier: "b", targets: ["a", "b"] }),
            ],
          },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^products\.0\.dns\.stages: stages must rise strictly and end at 100/),
        expect.stringMatching(
          /^products\.0\.dns\.hosts\.0\.host: analytics\.my-company\.io is not one of product payments's hosts/,
        ),
        expect.stringMatching(
          /^products\.0\.dns\.hosts\.1\.records\.1\.setIdentifier: set identifier "a" is used twice/,
        ),
        expect.stringMatching(
          /^products\.0\.dns\.hosts\.1\.records\.2\.targets: targets must be IPv4 addresses .* or exactly one host name/,
        ),
        expect.stringMatching(
          /^products\.0\.dns\.hosts\.1\.records: the weighted sets of payments\.my-company\.io mix A and CNAME/,
        ),
      ]),
    );
  });

  it("accepts a CNAME set and defaults TTL and stages", () => {
    const r = parseTopology(
      withDns({
        cluster: "east",
        namespace: "payments",
        hosts: [{ host: "payments.my-company.io", records: [record({ targets: ["lb-1.elb.example.com"] })] }],
      }),
    );
    expect(r.ok && r.topology.products[0]!.dns).toMatchObject({ ttl: 60, stages: [10, 50, 100] });
    const o = renderCluster((r as { topology: Topology }).topology, "east").objects.find(
      (x) => x.kind === "DNSEndpoint",
    ) as any;
    expect(o.spec.endpoints[0]).toMatchObject({ recordType: "CNAME", targets: ["lb-1.elb.example.com"] });
  });
});
