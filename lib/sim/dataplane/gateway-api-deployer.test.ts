import { describe, expect, it } from "vitest";
import { desiredGatewayWorkloads, gatewayForWorkload } from "./gateway-api-deployer";
import { clusterConfig, gateway, service } from "./gateway-api-test-config";

// https://gateway-api.sigs.k8s.io/guides/http-routing/ : example-gateway with listeners on 80 and 443;
// Istio deploys it as described in https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
// ("Automated Deployment").
const example = gateway(
  "default",
  "example-gateway",
  [
    { name: "prod-web", port: 80, protocol: "HTTP" },
    { name: "prod.web.tls", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "cert" }] } },
    { name: "second-on-80", port: 80, protocol: "HTTP", hostname: "b.example.com" },
  ],
  {
    metadata: {
      labels: { team: "web" },
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
    },
  },
);

describe("desiredGatewayWorkloads", () => {
  it("deploys <gateway>-istio with Istio's labels, injection marks and owner", () => {
    const [w, ...rest] = desiredGatewayWorkloads(clusterConfig({ k8sGateways: [example] }));
    expect(rest).toEqual([]);
    const { deployment, service: svc } = w!;
    expect(deployment.metadata).toMatchObject({
      name: "example-gateway-istio",
      namespace: "default",
      labels: {
        team: "web",
        "gateway.networking.k8s.io/gateway-name": "example-gateway",
        "istio.io/gateway-name": "example-gateway",
      },
      ownerReferences: [
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "Gateway",
          name: "example-gateway",
          uid: "uid-default-example-gateway",
        },
      ],
    });
    expect(deployment.metadata.annotations).toEqual({});
    expect(deployment.spec.selector).toEqual({
      matchLabels: { "gateway.networking.k8s.io/gateway-name": "example-gateway" },
    });
    expect(deployment.spec.template.metadata.annotations).toEqual({ "inject.istio.io/templates": "gateway" });
    expect(deployment.spec.template.metadata.labels).toMatchObject({
      "sidecar.istio.io/inject": "true",
      "gateway.networking.k8s.io/gateway-name": "example-gateway",
    });
    expect(deployment.spec.template.spec.serviceAccountName).toBe("example-gateway-istio");
    expect(svc.metadata.name).toBe("example-gateway-istio");
    expect(svc.spec.type).toBe("LoadBalancer");
    expect(svc.spec.selector).toEqual({ "gateway.networking.k8s.io/gateway-name": "example-gateway" });
    // One port per distinct listener port, named after the first listener on it.
    expect(svc.spec.ports).toEqual([
      { name: "status-port", port: 15021, protocol: "TCP", appProtocol: "tcp" },
      { name: "prod-web", port: 80, protocol: "TCP", appProtocol: "http" },
      { name: "prod-web-tls", port: 443, protocol: "TCP", appProtocol: "https" },
    ]);
  });

  it("honours the service-type annotation and skips Gateways naming their own Service or of other classes", () => {
    const clusterIp = gateway("a", "internal", [{ name: "http", port: 80, protocol: "HTTP" }], {
      metadata: { annotations: { "networking.istio.io/service-type": "ClusterIP" } },
    });
    const manual = gateway("b", "manual", [], {
      spec: { addresses: [{ type: "Hostname", value: "manual.b.svc.cluster.local" }] },
    });
    const foreign = gateway("c", "foreign", [], { spec: { gatewayClassName: "other" } });
    const out = desiredGatewayWorkloads(
      clusterConfig({
        k8sGateways: [foreign, manual, clusterIp],
        gatewayClasses: [{ metadata: { name: "other" }, spec: { controllerName: "example.com/x" } }],
      }),
    );
    expect(out.map((w) => `${w.service.metadata.name}:${w.service.spec.type}`)).toEqual([
      "internal-istio:ClusterIP",
    ]);
  });
});

describe("gatewayForWorkload", () => {
  it("finds the Gateway of a deployed workload by its gateway-name label", () => {
    const config = clusterConfig({ k8sGateways: [example] });
    const { deployment } = desiredGatewayWorkloads(config)[0]!;
    const workload = {
      namespace: "default",
      name: deployment.metadata.name,
      labels: deployment.spec.template.metadata.labels,
    };
    expect(gatewayForWorkload(config, workload)?.metadata.name).toBe("example-gateway");
    expect(gatewayForWorkload(config, { ...workload, namespace: "other" })).toBeUndefined();
  });

  it("finds a manually deployed Gateway through the Service its address names (what Portico renders)", () => {
    const config = clusterConfig({
      k8sGateways: [
        gateway("payments", "payments-gateway", [], {
          spec: { addresses: [{ type: "Hostname", value: "payments-gateway.payments.svc.cluster.local" }] },
        }),
      ],
      services: [service("payments", "payments-gateway", [443], { selector: { istio: "payments-gateway" } })],
    });
    const labels = { app: "payments-gateway", istio: "payments-gateway", "sidecar.istio.io/inject": "true" };
    expect(
      gatewayForWorkload(config, { namespace: "payments", name: "payments-gateway", labels })?.metadata.name,
    ).toBe("payments-gateway");
    expect(
      gatewayForWorkload(config, { namespace: "payments", name: "other", labels: { istio: "other" } }),
    ).toBeUndefined();
  });
});
