import { describe, expect, it } from "vitest";
import { destinationPortNotFound } from "./destination-port-not-found";
import { destinationPortRequired } from "./destination-port-required";
import { run, step } from "./test-fixture";

// Istio's example: testdata/virtualservice_destinationhosts.yaml — `reviews-2port-missing` routes
// to a two-port Service without a port (IST0112); `reviews-bogusport` names a port the Service
// lacks (IST0101 host:port); `reviews-2port-present` names port 80 and is fine.
function twoPorts() {
  const t = step("02-payments-split");
  t.services.find((s) => s.name === "credit-card")!.ports = [
    { name: "http", port: 8080 },
    { name: "grpc", port: 9090 },
  ];
  return t;
}

describe("PTC035 DestinationPortSelectorRequired", () => {
  it("flags a destination without port to a Service with two ports", () => {
    const t = twoPorts();
    delete t.routes[0]!.http[1]!.destinations[0]!.port;
    const f = run(destinationPortRequired, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("error");
    expect(f[0]!.message).toContain("payments/credit-card without a port");
    expect(f[0]!.hint).toContain("8080, 9090");
  });

  it("accepts a port, and no port to a one-port Service", () => {
    const t = twoPorts();
    delete t.routes[0]!.http[0]!.destinations[0]!.port;
    expect(run(destinationPortRequired, t)).toEqual([]);
  });

  it("requires a port when the destination is a gateway's Service (status port included)", () => {
    const t = step("02-payments-split");
    t.routes[1]!.http[0]!.destinations = [{ service: "payments-gateway", namespace: "payments" }];
    expect(run(destinationPortRequired, t).map((f) => f.message)).toEqual([
      expect.stringContaining("exposes ports 15021, 443"),
    ]);
  });
});

describe("PTC036 DestinationPortNotFound", () => {
  it("flags a port the Service does not expose", () => {
    const t = twoPorts();
    t.routes[0]!.http[1]!.destinations[0]!.port = 8443;
    const f = run(destinationPortNotFound, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("port 8443 of payments/credit-card");
  });

  it("accepts declared ports", () => {
    const t = twoPorts();
    t.routes[0]!.http[1]!.destinations[0]!.port = 9090;
    expect(run(destinationPortNotFound, t)).toEqual([]);
  });
});
