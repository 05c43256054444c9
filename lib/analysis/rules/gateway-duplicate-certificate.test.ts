import { describe, expect, it } from "vitest";
import type { GatewaySpec } from "@/lib/topology";
import { gatewayDuplicateCertificate } from "./gateway-duplicate-certificate";
import { run, step } from "./test-fixture";

// Istio's example: testdata/gateway-duplicate-certificate.yaml — gateway-01-test-01 and
// gateway-02-test-01 on `istio: ingressgateway` both use credential test-01-wildcard-cert
// (IST0138); gateway-02-test-02 selects other pods (`type: internal`) and is not reported.
function shared(
  name: string,
  host: string,
  credentialName: string,
  selector: Record<string, string>,
): GatewaySpec {
  return {
    name,
    namespace: "istio-system",
    mode: "shared",
    selector,
    workloadLabels: { istio: "ingressgateway", ...selector },
    placement: [{ cluster: "east" }],
    listeners: [
      { name: "https", port: 443, protocol: "HTTPS", hosts: [host], tls: { mode: "SIMPLE", credentialName } },
    ],
    replicas: 2,
    serviceType: "LoadBalancer",
  };
}

describe("PTC040 GatewayDuplicateCertificate", () => {
  it("flags two Gateways on one workload with one certificate", () => {
    const t = step("02-payments-split");
    t.gateways.push(
      shared("gateway-01-test-01", "01.test-01.com", "test-01-wildcard-cert", { istio: "ingressgateway" }),
      shared("gateway-02-test-01", "02.test-01.com", "test-01-wildcard-cert", { istio: "ingressgateway" }),
    );
    const f = run(gatewayDuplicateCertificate, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("warning");
    expect(f[0]!.objects.map((o) => o.name)).toEqual(["gateway-01-test-01", "gateway-02-test-01"]);
  });

  it("accepts the same certificate on Gateways of different workloads", () => {
    const t = step("02-payments-split");
    t.gateways.push(
      shared("gateway-01-test-02", "01.test-02.com", "test-02-wildcard-cert", {
        istio: "ingressgateway",
        type: "external",
      }),
      shared("gateway-02-test-02", "02.test-02.com", "test-02-wildcard-cert", {
        istio: "ingressgateway",
        type: "internal",
      }),
    );
    expect(run(gatewayDuplicateCertificate, t)).toEqual([]);
  });
});
