import { describe, expect, it } from "vitest";
import { invalidGatewayServer } from "./invalid-gateway-server";
import { run, step } from "./test-fixture";

describe("PTC025 InvalidGatewayServer", () => {
  it("is clean for the reference scenario", () => {
    expect(run(invalidGatewayServer, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags duplicate server names, HTTPS without tls and tls on plain HTTP", () => {
    const t = step("01-payments-gateway");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    const https = gw.listeners[0]!;
    gw.listeners.push({ ...structuredClone(https), port: 8443 });
    gw.listeners.push({ name: "admin", port: 9443, protocol: "HTTPS", hosts: https.hosts });
    gw.listeners.push({
      name: "http",
      port: 80,
      protocol: "HTTP",
      hosts: https.hosts,
      tls: { mode: "SIMPLE" },
    });
    const f = run(invalidGatewayServer, t);
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      ["error", expect.stringMatching(/two servers named https/)],
      ["error", expect.stringMatching(/admin .* HTTPS but has no tls/)],
      ["warning", expect.stringMatching(/http .* plain-text HTTP but carries tls/)],
    ]);
  });
});
