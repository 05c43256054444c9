import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderService } from "./render-service";

describe("renderService", () => {
  it("exposes every listener port plus the status port and selects the gateway pods", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const g = gw("payments-gateway");
    const s = renderService(ctx, {
      ...g,
      listeners: [
        ...g.listeners,
        { name: "http", port: 80, protocol: "HTTP", hosts: ["payments.my-company.io"] },
      ],
    }) as any;
    expect(s.spec.type).toBe("LoadBalancer");
    expect(s.spec.selector).toEqual({ istio: "payments-gateway" });
    expect(s.spec.ports.map((p: any) => p.port)).toEqual([15021, 80, 443]);
  });

  it("honours explicit servicePorts", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const s = renderService(ctx, { ...gw("payments-gateway"), servicePorts: [8443] }) as any;
    expect(s.spec.ports.map((p: any) => p.port)).toEqual([15021, 8443]);
  });
});
