import { describe, expect, it } from "vitest";
import { renderCluster } from "@/lib/istio/render-cluster";
import { checkRenderedObjects } from "../check-rendered-objects";
import { conflictingServiceEntryProtocol } from "./conflicting-service-entry-protocol";
import { run, step } from "./test-fixture";

// Istio's example: testdata/serviceentry-conflicting-protocol.yaml — se-https and se-http both
// declare example.com port 13835, as HTTPS and HTTP (IST0177); other.com is not reported.
function twoGateways(protocol: "HTTP" | "HTTPS") {
  const t = step("02-payments-split");
  const payments = t.gateways.find((g) => g.name === "payments-gateway")!;
  payments.listeners.push({
    name: "https-13835",
    port: 13835,
    protocol: "HTTPS",
    hosts: ["example.com"],
    tls: { mode: "SIMPLE", credentialName: "payments-tls" },
  });
  const analytics = t.gateways.find((g) => g.name === "analytics-gateway")!;
  analytics.listeners.push({ name: "http-13835", port: 13835, protocol, hosts: ["example.com"] });
  return t;
}

describe("PTC042 ConflictingServiceEntryProtocol", () => {
  it("flags one host and port published as HTTPS and HTTP", () => {
    const t = twoGateways("HTTP");
    const f = run(conflictingServiceEntryProtocol, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("example.com port 13835");
    expect(f[0]!.objects.map((o) => o.name)).toEqual(["analytics-gateway-mesh", "payments-gateway-mesh"]);
    // The rendered stream shows the same conflict.
    expect(checkRenderedObjects(renderCluster(t, "east").objects).join("\n")).toMatch(
      /example.com:13835: ServiceEntries disagree on the protocol/,
    );
  });

  it("accepts the same protocol", () => {
    expect(run(conflictingServiceEntryProtocol, twoGateways("HTTPS"))).toEqual([]);
  });
});
