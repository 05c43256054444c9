import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderIstioGateway } from "./render-gateway";
import { renderDeployment } from "./render-deployment";

describe("renderIstioGateway", () => {
  it("selects exactly the pods of the gateway Deployment", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const g = renderIstioGateway(ctx, gw("payments-gateway")) as any;
    const d = renderDeployment(ctx, gw("payments-gateway")) as any;
    for (const [k, v] of Object.entries(g.spec.selector)) expect(d.spec.template.metadata.labels[k]).toBe(v);
    expect(g.apiVersion).toBe("networking.istio.io/v1");
  });

  it("renders servers with TLS credentials", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const g = renderIstioGateway(ctx, gw("payments-gateway")) as any;
    expect(g.spec.servers).toEqual([
      {
        port: { number: 443, name: "https", protocol: "HTTPS" },
        hosts: ["payments.my-company.io"],
        tls: { mode: "SIMPLE", credentialName: "payments-tls" },
      },
    ]);
  });
});
