import { describe, expect, it } from "vitest";
import { parseTopology } from "@/lib/topology";
import { requestToTopology } from "@/lib/requests/request-to-topology";
import { gatewaySelectsSeveralWorkloads } from "./gateway-selects-several-workloads";
import { run, step } from "./test-fixture";

describe("PTC032 GatewaySelectsSeveralWorkloads", () => {
  it("is clean for the reference scenario, cutover included", () => {
    expect(run(gatewaySelectsSeveralWorkloads, step("01-payments-gateway"))).toEqual([]);
    expect(run(gatewaySelectsSeveralWorkloads, step("03-payments-west"))).toEqual([]);
  });

  it("counts several shared Gateway objects on one ingress workload once", () => {
    const t = step("00-shared-ingress");
    const shared = t.gateways.find((g) => g.mode === "shared")!;
    t.gateways.push({ ...structuredClone(shared), name: "team-gateway", namespace: "payments" });
    expect(run(gatewaySelectsSeveralWorkloads, t)).toEqual([]);
  });

  it("flags a requested gateway that reuses another gateway's labels", () => {
    const base = step("03-payments-west");
    const draft = parseTopology(
      requestToTopology(base, {
        product: "payments",
        team: "payments",
        namespace: "payments-edge",
        hosts: ["edge.my-company.io"],
        clusters: ["east"],
        tlsSecret: "edge-tls",
        routes: [{ pathPrefix: "/v1", service: "edge", port: 8080 }],
      }),
    );
    if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
    const f = run(gatewaySelectsSeveralWorkloads, draft.topology);
    expect(f.map((x) => x.objects[0]!.namespace)).toEqual(["payments", "payments-edge"]);
    expect(f[0]!.message).toMatch(/2 gateway deployments carry in cluster east/);
  });
});
