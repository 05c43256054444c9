import { describe, expect, it } from "vitest";
import { schemaError } from "@/lib/istio/conformance";
import { renderCluster } from "@/lib/istio/render-cluster";
import { upstreamTlsWithoutCa } from "./upstream-tls-without-ca";
import { run, step } from "./test-fixture";

// Istio's example: testdata/destinationrule-simple-destination.yaml — `tls.mode: SIMPLE` without
// caCertificates (IST0128).
describe("PTC037 UpstreamTlsWithoutCaCertificates", () => {
  it("flags an HTTPS backend without CA certificates", () => {
    const t = step("02-payments-split");
    t.services.find((s) => s.name === "credit-card")!.backend = { protocol: "HTTPS" };
    const f = run(upstreamTlsWithoutCa, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("warning");
    expect(f[0]!.objects[0]).toMatchObject({ kind: "DestinationRule", name: "credit-card" });
  });

  it("accepts one with caCertificates, and renders them in the DestinationRule", () => {
    const t = step("02-payments-split");
    t.services.find((s) => s.name === "credit-card")!.backend = {
      protocol: "GRPCS",
      caCertificates: "/etc/istio/backend-ca/ca.crt",
    };
    expect(run(upstreamTlsWithoutCa, t)).toEqual([]);
    const dr = renderCluster(t, "east").objects.find(
      (o) => o.kind === "DestinationRule" && o.metadata.name === "credit-card",
    ) as unknown as { spec: { trafficPolicy: { tls: unknown } } };
    expect(schemaError(dr as never)).toBeUndefined();
    expect(dr.spec.trafficPolicy.tls).toEqual({
      mode: "SIMPLE",
      caCertificates: "/etc/istio/backend-ca/ca.crt",
    });
  });

  it("ignores plain-text backends", () => {
    const t = step("02-payments-split");
    t.services.find((s) => s.name === "credit-card")!.backend = { protocol: "GRPC" };
    expect(run(upstreamTlsWithoutCa, t)).toEqual([]);
  });
});
