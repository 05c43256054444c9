import { describe, expect, it } from "vitest";
import { renderCluster } from "@/lib/istio/render-cluster";
import { serviceEntryAddressesRequired } from "./service-entry-addresses-required";
import { run, step } from "./test-fixture";

// Istio's example: testdata/serviceentry-missing-addresses-protocol.yaml — a ServiceEntry port
// whose protocol is TCP (or unset) without addresses (IST0134); HTTPS ports need none.
describe("PTC039 ServiceEntryAddressesRequired", () => {
  it("flags a product gateway whose TCP listener lands on its mesh ServiceEntry", () => {
    const t = step("02-payments-split");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.listeners.push({ name: "tcp-ledger", port: 9000, protocol: "TCP", hosts: ["ledger.my-company.io"] });
    const f = run(serviceEntryAddressesRequired, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[0]).toMatchObject({ kind: "ServiceEntry", name: "payments-gateway-mesh" });
    const entry = renderCluster(t, "east").objects.find(
      (o) => o.metadata.name === "payments-gateway-mesh",
    ) as unknown as {
      spec: { addresses?: string[]; ports: Array<{ protocol: string }> };
    };
    expect(entry.spec.addresses).toBeUndefined();
    expect(entry.spec.ports.map((p) => p.protocol)).toContain("TCP");
  });

  it("accepts HTTPS-only gateways", () => {
    expect(run(serviceEntryAddressesRequired, step("03-payments-west"))).toEqual([]);
  });
});
