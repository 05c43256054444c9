import { describe, expect, it } from "vitest";
import { duplicateObject } from "./duplicate-object";
import { run, step } from "./test-fixture";

describe("PTC020 DuplicateObject", () => {
  it("is clean for the reference scenario", () => {
    expect(run(duplicateObject, step("03-payments-west"))).toEqual([]);
  });

  it("flags two routes rendering to the same VirtualService", () => {
    const t = step("03-payments-west");
    t.routes.push(structuredClone(t.routes[0]!));
    t.services.push(structuredClone(t.services[0]!));
    const f = run(duplicateObject, t);
    expect(f.map((x) => x.objects[0]!.kind)).toEqual(["VirtualService", "Service"]);
  });

  it("flags a gateway Service over a backend Service, policies sharing a name and a second circuit breaker", () => {
    const t = step("02-payments-split");
    t.gateways.find((g) => g.name === "payments-gateway")!.name = "credit-card";
    t.policies.authorization.push(structuredClone(t.policies.authorization[0]!));
    t.policies.circuitBreakers.push(structuredClone(t.policies.circuitBreakers[0]!));
    const f = run(duplicateObject, t);
    expect(f.map((x) => `${x.objects[0]!.kind} ${x.objects[0]!.namespace}/${x.objects[0]!.name}`)).toEqual([
      "Service payments/credit-card",
      "AuthorizationPolicy payments/payments-deny-admin",
      "DestinationRule payments/credit-card",
    ]);
  });
});
