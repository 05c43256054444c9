import { describe, expect, it } from "vitest";
import { httpRouteOnPassthrough } from "./http-route-on-passthrough";
import { run, step } from "./test-fixture";

describe("PTC027 HttpRouteOnPassthroughServer", () => {
  it("is clean for the reference scenario", () => {
    expect(run(httpRouteOnPassthrough, step("02-payments-split"))).toEqual([]);
  });

  it("flags HTTP rules for a host the gateway passes through encrypted", () => {
    const t = step("02-payments-split");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.listeners[0]!.tls = { mode: "PASSTHROUGH" };
    const f = run(httpRouteOnPassthrough, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/passes payments.my-company.io through encrypted/);
    expect(f[0]!.objects.map((o) => o.kind)).toEqual(["VirtualService", "Gateway"]);
  });

  it("ignores a catch-all TCP server next to the HTTPS one", () => {
    const t = step("02-payments-split");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.listeners.push({ name: "tcp", port: 9000, protocol: "TCP", hosts: ["*"] });
    expect(run(httpRouteOnPassthrough, t)).toEqual([]);
  });
});
