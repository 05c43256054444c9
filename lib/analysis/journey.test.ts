import { describe, expect, it } from "vitest";
import { EXAMPLE_STEPS, loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { schemaError } from "@/lib/istio/conformance";
import { analyze } from "./analyze";
import { checkContract } from "./contract/check-contract";
import type { LiveObjects } from "./contract/data-plane";
import { planCluster, planSummary } from "./plan/plan-cluster";

/** The reference scenario end to end: each step is clean, keeps the API, and plans from the last. */
describe("reference journey", () => {
  const steps = EXAMPLE_STEPS.map((s) => ({ name: s, topology: loadExample(s) }));
  // 02 leaves the shared gateway out because DNS moved and the platform team removed the product
  // hosts from it; a document alone cannot say so, the cluster does.
  const liveBefore: Partial<Record<string, LiveObjects>> = {
    "02-payments-split": {
      east: [
        {
          apiVersion: "networking.istio.io/v1",
          kind: "Gateway",
          metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
          spec: {
            selector: { istio: "ingressgateway" },
            servers: [
              { port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["other.my-company.io"] },
            ],
          },
        },
      ],
    },
  };

  it("every step validates, renders schema-valid objects and keeps the API of the previous one", () => {
    for (let i = 0; i < steps.length; i++) {
      const { name, topology } = steps[i]!;
      expect({ name, findings: analyze(topology) }).toEqual({ name, findings: [] });
      for (const c of topology.clusters) {
        for (const o of renderCluster(topology, c.name).objects) expect(schemaError(o)).toBeUndefined();
      }
      if (i > 0)
        expect({
          name,
          broken: checkContract(steps[i - 1]!.topology, topology, { live: liveBefore[name] }).broken,
        }).toEqual({ name, broken: [] });
    }
  });

  it("plans each step against what the previous one applied", () => {
    const summaries = [];
    for (let i = 1; i < steps.length; i++) {
      for (const cluster of ["east", "west"]) {
        const live = renderCluster(steps[i - 1]!.topology, cluster).objects;
        const desired = renderCluster(steps[i]!.topology, cluster).objects;
        summaries.push({ step: steps[i]!.name, cluster, ...planSummary(planCluster(desired, live)) });
      }
    }
    // Step 1 deploys the gateways in east (the Analytics route moves to the analytics-gateway
    // namespace: created there first, the old one deleted last); step 3 copies Payments to west.
    expect(summaries.find((s) => s.step === "01-payments-gateway" && s.cluster === "east")).toMatchObject({
      delete: 1,
    });
    expect(
      summaries.find((s) => s.step === "01-payments-gateway" && s.cluster === "east")!.create,
    ).toBeGreaterThan(10);
    expect(
      summaries.find((s) => s.step === "03-payments-west" && s.cluster === "west")!.create,
    ).toBeGreaterThan(10);
    expect(
      summaries.every((s) => s.step !== "03-payments-west" || s.cluster !== "east" || s.delete === 0),
    ).toBe(true);
  });
});
