// The workload each gateway's requests are reported under follows the rendering format: checked
// against the objects Portico renders and against the simulator's model of Istio's deployment
// controller (which deploys `<gateway>-istio` for a Gateway it provisions itself).
import { describe, expect, it } from "vitest";
import { istioGatewayDeploymentName } from "@/lib/gateway-api/gateway-deployment-name";
import { renderCluster, type RenderFormat } from "@/lib/istio/render-cluster";
import { isManagedGateway, managedGatewayName } from "@/lib/sim/dataplane/gateway-api-attachment";
import type { K8sObject } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { drainFromSamples } from "./drain-status";
import { gatewayWorkloads } from "./gateway-workloads";

const topology = loadExample("01-payments-gateway");

/** The Deployment whose pods carry a rendered gateway, found from the objects alone. */
function deploymentBehind(objects: K8sObject[], format: RenderFormat, name: string, ns: string): string {
  const find = (kind: string, n: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === n && o.metadata.namespace === ns) as any;
  const deployments = objects.filter((o) => o.kind === "Deployment" && o.metadata.namespace === ns) as any[];
  const selecting = (labels: Record<string, string>) =>
    deployments
      .filter((d) => Object.entries(labels).every(([k, v]) => d.spec.template.metadata.labels[k] === v))
      .map((d) => d.metadata.name as string);
  if (format === "istio") {
    const gw = objects.find((o) => o.kind === "Gateway" && o.metadata.name === name) as any;
    const found = selecting(gw.spec.selector);
    expect(found).toHaveLength(1);
    return found[0]!;
  }
  const gw = find("Gateway", name);
  expect(isManagedGateway(gw)).toBe(false); // Istio provisions nothing: the Service is Portico's.
  const service = find("Service", String(gw.spec.addresses[0].value).split(".")[0] ?? "");
  const found = selecting(service.spec.selector);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("gatewayWorkloads", () => {
  it.each(["istio", "gateway-api"] as const)(
    "names the Deployment that carries each product gateway when rendered as %s",
    (format) => {
      const workloads = gatewayWorkloads(topology, format);
      const objects = renderCluster(topology, "east", { format }).objects;
      for (const gw of topology.gateways.filter((g) => g.mode === "product")) {
        const w = workloads.get(`${gw.namespace}/${gw.name}`)!;
        expect(w.namespace).toBe(gw.namespace);
        expect(w.workload).toBe(deploymentBehind(objects, format, gw.name, gw.namespace));
      }
    },
  );

  it("keeps a shared gateway's own Deployment name in every format", () => {
    for (const format of ["istio", "gateway-api"] as const)
      expect(gatewayWorkloads(topology, format).get("istio-system/istio-ingressgateway")).toEqual({
        namespace: "istio-system",
        workload: "istio-ingressgateway",
      });
  });
});

describe("istioGatewayDeploymentName", () => {
  const gateway = (extra: Record<string, unknown> = {}, annotations?: Record<string, string>): K8sObject => ({
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "payments-gateway", namespace: "payments", ...(annotations ? { annotations } : {}) },
    spec: { gatewayClassName: "istio", listeners: [], ...extra },
  });

  it("is <name>-<class> when Istio provisions the Deployment, as Istio's controller names it", () => {
    for (const g of [
      gateway(),
      gateway({ addresses: [{ type: "IPAddress", value: "10.0.0.1" }] }),
      gateway({ gatewayClassName: "istio-east" }),
      gateway({}, { "gateway.istio.io/name-override": "edge" }),
    ]) {
      expect(isManagedGateway(g)).toBe(true);
      expect(istioGatewayDeploymentName(g)).toBe(managedGatewayName(g));
    }
    expect(istioGatewayDeploymentName(gateway())).toBe("payments-gateway-istio");
  });

  it("is the Service a Hostname address names (manual deployment)", () => {
    const g = gateway({ addresses: [{ type: "Hostname", value: "edge.payments.svc.cluster.local" }] });
    expect(istioGatewayDeploymentName(g)).toBe("edge");
  });
});

describe("drain status follows the workload names", () => {
  it("counts a product gateway's requests under the workload it runs as, not its gateway name", () => {
    const workloads = gatewayWorkloads(topology);
    workloads.set("payments/payments-gateway", { namespace: "payments", workload: "payments-gateway-istio" });
    const sample = (workload: string, value: number) => ({
      metric: {
        part: "gw",
        source_workload: workload,
        source_workload_namespace: "payments",
        destination_service: "payments.payments.svc.cluster.local",
      },
      value,
    });
    const [status] = drainFromSamples(
      topology,
      ["payments"],
      [sample("payments-gateway-istio", 60), sample("payments-gateway", 1000)],
      60,
      [],
      0.01,
      workloads,
    );
    expect(status!.productGateway!.requests).toBe(60);
    expect(status!.productGateway!.query).toContain('source_workload="payments-gateway-istio"');
  });
});
