import { describe, expect, it } from "vitest";
import { tlsSecretOutsideNamespace } from "./tls-secret-outside-namespace";
import { run, step } from "./test-fixture";

describe("PTC008 TlsSecretOutsideGatewayNamespace", () => {
  it("is clean for the reference scenario", () => {
    expect(run(tlsSecretOutsideNamespace, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags a credential in another namespace", () => {
    const t = step("01-payments-gateway");
    t.gateways.find((g) => g.name === "payments-gateway")!.listeners[0]!.tls!.credentialName =
      "istio-system/my-company-io-tls";
    const f = run(tlsSecretOutsideNamespace, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[1]).toMatchObject({
      kind: "Secret",
      namespace: "istio-system",
      name: "my-company-io-tls",
    });
  });

  it("flags TLS termination without credential", () => {
    const t = step("01-payments-gateway");
    delete t.gateways.find((g) => g.name === "payments-gateway")!.listeners[0]!.tls!.credentialName;
    expect(run(tlsSecretOutsideNamespace, t)).toHaveLength(1);
  });
});
