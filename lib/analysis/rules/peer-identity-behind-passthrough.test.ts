import { describe, expect, it } from "vitest";
import { peerIdentityBehindPassthrough } from "./peer-identity-behind-passthrough";
import { run, step } from "./test-fixture";

describe("PTC031 PolicyAttributeUnseenBehindPassthrough", () => {
  it("is clean for the reference scenario (the gateway terminates TLS)", () => {
    const t = step("02-payments-split");
    t.policies.authorization[0]!.rules = [{ from: { namespaces: ["checkout"] } }];
    expect(run(peerIdentityBehindPassthrough, t)).toEqual([]);
  });

  it("flags source namespaces and paths at a gateway entered by TLS passthrough", () => {
    const t = step("02-payments-split");
    t.gateways.find((g) => g.name === "payments-gateway")!.listeners[0]!.tls = { mode: "PASSTHROUGH" };
    const policy = t.policies.authorization[0]!;
    policy.action = "ALLOW";
    policy.rules = [{ from: { namespaces: ["checkout"] } }, { to: { paths: ["/admin"] } }];
    const f = run(peerIdentityBehindPassthrough, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/source namespaces, paths, .*refuses every passthrough connection/);
  });

  it("accepts ipBlocks, which the gateway does see", () => {
    const t = step("02-payments-split");
    t.gateways.find((g) => g.name === "payments-gateway")!.listeners[0]!.tls = { mode: "PASSTHROUGH" };
    t.policies.authorization[0]!.rules = [{ from: { ipBlocks: ["10.0.0.0/8"] } }];
    expect(run(peerIdentityBehindPassthrough, t)).toEqual([]);
  });
});
