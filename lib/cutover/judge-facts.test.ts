import { describe, expect, it } from "vitest";
import type { K8sObject } from "@/lib/topology";
import type { FactCheck } from "./fact-checks";
import { deploymentReadiness, judgeFacts, waitingReason, type LiveState } from "./judge-facts";

const gateway = "payments/payments-gateway";
const deployment = (status: Record<string, unknown>, replicas = 2, generation = 3): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "payments-gateway", namespace: "payments", generation },
  spec: { replicas },
  status,
});
const service = (status: Record<string, unknown>, type = "LoadBalancer"): K8sObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "payments-gateway", namespace: "payments" },
  spec: { type },
  status,
});
const live = (partial: Partial<LiveState>): LiveState => ({
  secrets: new Map(),
  deployments: new Map(),
  services: new Map(),
  endpointSlices: new Map(),
  gatewayApiGateways: new Map(),
  ...partial,
});
const check = (kind: FactCheck["kind"], namespace = "payments", name = "payments-gateway"): FactCheck => ({
  kind,
  namespace,
  name,
  ...(kind === "backend-endpoints" ? {} : { gateway }),
});

describe("judgeFacts", () => {
  it("a Deployment is ready once its rollout is observed, Available and a pod is ready", () => {
    const available = [{ type: "Available", status: "True" }];
    expect(
      deploymentReadiness(deployment({ observedGeneration: 3, readyReplicas: 2, conditions: available }))
        .ready,
    ).toBe(true);
    expect(
      deploymentReadiness(deployment({ observedGeneration: 2, readyReplicas: 2, conditions: available })).why,
    ).toMatch(/rolling out/);
    expect(
      deploymentReadiness(
        deployment({
          observedGeneration: 3,
          readyReplicas: 0,
          conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable" }],
        }),
      ).why,
    ).toBe("is not available (0/2 replicas ready, MinimumReplicasUnavailable)");
    expect(deploymentReadiness(deployment({ observedGeneration: 3 }, 0)).why).toBe(
      "is scaled to zero replicas",
    );
  });

  it("says which gateway lacks what, and how to fix a missing Secret", () => {
    const facts = judgeFacts(
      [
        check("gateway-deployment"),
        check("gateway-address"),
        check("tls-secret", "payments", "payments-tls"),
      ],
      live({
        deployments: new Map([[gateway, null]]),
        services: new Map([[gateway, service({ loadBalancer: {} })]]),
        secrets: new Map([["payments/payments-tls", false]]),
      }),
    );
    expect(facts.map((f) => f.ok)).toEqual([false, false, false]);
    expect(facts[0]!.message).toBe(
      "gateway payments/payments-gateway: its Deployment payments/payments-gateway does not exist yet.",
    );
    expect(facts[1]!.message).toBe(
      "gateway payments/payments-gateway has no load-balancer address (Service payments/payments-gateway status.loadBalancer is empty).",
    );
    expect(facts[2]!.message).toMatch(/kubectl -n payments create secret tls payments-tls/);
    expect(waitingReason(facts)).toMatch(
      /^waiting: gateway payments\/payments-gateway: its Deployment .* does not exist yet; gateway payments\/payments-gateway has no load-balancer address/,
    );
  });

  it("a load-balancer address (IP or host name) holds; a ClusterIP gateway expects none", () => {
    const [ip] = judgeFacts(
      [check("gateway-address")],
      live({
        services: new Map([[gateway, service({ loadBalancer: { ingress: [{ ip: "203.0.113.7" }] } })]]),
      }),
    );
    expect(ip).toMatchObject({ ok: true, message: expect.stringContaining("203.0.113.7") });
    const [host] = judgeFacts(
      [check("gateway-address")],
      live({
        services: new Map([
          [gateway, service({ loadBalancer: { ingress: [{ hostname: "lb.example.com" }] } })],
        ]),
      }),
    );
    expect(host!.ok).toBe(true);
    const [internal] = judgeFacts(
      [check("gateway-address")],
      live({ services: new Map([[gateway, service({}, "ClusterIP")]]) }),
    );
    expect(internal!.ok).toBe(true);
  });

  it("a backend needs one ready endpoint; unset `ready` counts as ready", () => {
    const backend = check("backend-endpoints", "payments", "payments");
    const svc = { ...service({}, "ClusterIP"), metadata: { name: "payments", namespace: "payments" } };
    const slices = (ready: (boolean | undefined)[]): K8sObject[] => [
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "s" },
        endpoints: ready.map((r) => ({ conditions: r === undefined ? {} : { ready: r } })),
      },
    ];
    const judge = (ready: (boolean | undefined)[]) =>
      judgeFacts(
        [backend],
        live({
          services: new Map([["payments/payments", svc]]),
          endpointSlices: new Map([["payments/payments", slices(ready)]]),
        }),
      )[0]!;
    expect(judge([]).message).toBe(
      "backend payments/payments has no ready endpoints (0 endpoints, none ready); is it scaled to zero or failing its readiness probe?",
    );
    expect(judge([false, false]).ok).toBe(false);
    expect(judge([false, true]).message).toBe("backend payments/payments has 1 ready endpoint.");
    expect(judge([undefined]).ok).toBe(true);
    const [missing] = judgeFacts([backend], live({ services: new Map([["payments/payments", null]]) }));
    expect(missing!.message).toMatch(/backend Service payments\/payments does not exist/);
  });

  it("a Gateway API Gateway must be Accepted and Programmed; without one there is nothing to judge", () => {
    const gw = (conditions: unknown[]): K8sObject => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "payments-gateway", namespace: "payments" },
      status: { conditions },
    });
    const judge = (g: K8sObject | null) =>
      judgeFacts([check("gateway-api-status")], live({ gatewayApiGateways: new Map([[gateway, g]]) }));
    expect(judge(null)).toEqual([]);
    expect(
      judge(
        gw([
          { type: "Accepted", status: "True" },
          { type: "Programmed", status: "True" },
        ]),
      )[0]!.ok,
    ).toBe(true);
    expect(
      judge(
        gw([
          { type: "Accepted", status: "True" },
          { type: "Programmed", status: "False", reason: "AddressNotAssigned", message: "no address" },
        ]),
      )[0]!.message,
    ).toBe(
      "Gateway API Gateway payments/payments-gateway: Programmed is False (AddressNotAssigned: no address).",
    );
    expect(judge(gw([]))[0]!.message).toMatch(/Accepted is not reported yet; Programmed is not reported yet/);
  });

  it("nothing waits when every fact holds", () => {
    expect(waitingReason([])).toBeNull();
  });
});
