// Which Istio a cluster runs, as the connection check and every sync read it from istiod.
import { describe, expect, it } from "vitest";
import type { K8sObject } from "@/lib/topology/k8s-object";
import { istiodsOf, istioVersionOf, mainIstiod } from "./istiod-version";

const istiod = (
  image: string | undefined,
  labels: Record<string, string> = {},
  name = "istiod",
): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "istio-system", labels },
  spec: { template: { spec: { containers: image ? [{ name: "discovery", image }] : [] } } },
});

describe("istioVersionOf", () => {
  it("reads the image tag first", () => {
    expect(istioVersionOf(istiod("docker.io/istio/pilot:1.24.2", { "istio.io/rev": "default" }))).toEqual({
      version: "1.24.2",
      revision: "default",
    });
    expect(istioVersionOf(istiod("registry.local:5000/istio/pilot:1.23.0-distroless")).version).toBe(
      "1.23.0",
    );
  });

  it("falls back to the version labels when the image is pinned by digest or untagged", () => {
    expect(
      istioVersionOf(
        istiod("gcr.io/istio-release/pilot@sha256:abc", { "app.kubernetes.io/version": "1.22.1" }),
      ).version,
    ).toBe("1.22.1");
    expect(
      istioVersionOf(
        istiod("registry.local:5000/istio/pilot", {
          "operator.istio.io/version": "1.21.0",
          "istio.io/rev": "1-21",
        }),
      ),
    ).toEqual({
      version: "1.21.0",
      revision: "1-21",
    });
    expect(istioVersionOf(istiod("istio/pilot:latest")).version).toBeNull();
  });
});

describe("istiodsOf and mainIstiod", () => {
  const gateway = istiod(
    "docker.io/istio/proxyv2:1.24.2",
    { app: "istio-ingressgateway" },
    "istio-ingressgateway",
  );

  it("finds istiod by its label or its name, never the gateways beside it", () => {
    const found = istiodsOf([
      gateway,
      istiod("docker.io/istio/pilot:1.24.2", { app: "istiod", "istio.io/rev": "default" }),
      istiod("docker.io/istio/pilot:1.25.0", { "istio.io/rev": "1-25" }, "istiod-1-25"),
    ]);
    expect(found).toEqual([
      { name: "istiod", version: "1.24.2", revision: "default" },
      { name: "istiod-1-25", version: "1.25.0", revision: "1-25" },
    ]);
  });

  it("takes the default revision during a canary upgrade, an unrevisioned one else, and says none without istiod", () => {
    const canary = { name: "istiod-1-25", version: "1.25.0", revision: "1-25" };
    expect(mainIstiod([canary, { name: "istiod", version: "1.24.2", revision: "default" }])?.version).toBe(
      "1.24.2",
    );
    expect(mainIstiod([canary, { name: "istiod", version: "1.24.1", revision: null }])?.version).toBe(
      "1.24.1",
    );
    expect(mainIstiod([canary])).toEqual(canary);
    expect(mainIstiod(istiodsOf([gateway]))).toBeNull();
  });
});
