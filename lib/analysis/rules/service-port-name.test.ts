import { describe, expect, it } from "vitest";
import { servicePortName } from "./service-port-name";
import { run, step } from "./test-fixture";

describe("PTC024 InvalidServicePortName", () => {
  it("is clean for the reference scenario", () => {
    expect(run(servicePortName, step("03-payments-west"))).toEqual([]);
  });

  it("flags long, duplicate, missing and malformed backend port names", () => {
    const t = step("03-payments-west");
    const svc = t.services[0]!;
    svc.ports = [
      { name: "http-payments-api", port: 8080 },
      { name: "http", port: 8081 },
      { name: "http", port: 8082 },
      { port: 8083 },
      { name: "HTTP_admin", port: 8084 },
    ];
    const messages = run(servicePortName, t).map((f) => `${f.severity}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^error: .*"http-payments-api" is 17 characters/),
      expect.stringMatching(/^error: .*"http" is used twice/),
      expect.stringMatching(/^error: .*port 8083 has no name/),
      expect.stringMatching(/^error: .*"HTTP_admin" must be lower case/),
    ]);
  });

  it("warns when a name does not tell Istio the protocol", () => {
    const t = step("03-payments-west");
    t.services[0]!.ports = [{ name: "web", port: 8080 }];
    const f = run(servicePortName, t);
    expect(f.map((x) => x.severity)).toEqual(["warning"]);
    expect(f[0]!.message).toMatch(/opaque TCP/);
  });

  it("checks the gateway Service Portico renders from the listeners", () => {
    const t = step("03-payments-west");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.listeners.push({ ...structuredClone(gw.listeners[0]!), name: "https-payments-public", port: 8443 });
    gw.listeners.push({ ...structuredClone(gw.listeners[0]!), name: "status-port", port: 9443 });
    const f = run(servicePortName, t);
    expect(f.map((x) => x.message)).toEqual([
      expect.stringMatching(/Service of gateway payments\/payments-gateway: port 8443: .* is 21 characters/),
      expect.stringMatching(/"status-port" is used twice/),
    ]);
  });
});
