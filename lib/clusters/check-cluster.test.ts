import { describe, expect, it } from "vitest";
import { errorFromResponse, errorFromThrown } from "@/lib/k8s/kube-api-error";
import type { K8sObject } from "@/lib/topology/k8s-object";
import { describeFailure } from "./check-cluster";
import { istioVersionOf } from "./istiod-version";

const istiod = (image: string | undefined, labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "istiod", namespace: "istio-system", labels },
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

describe("describeFailure", () => {
  it("says what to do for each kind of failure", () => {
    expect(describeFailure(errorFromResponse(401, {}, { kind: "Status", message: "Unauthorized" }))).toMatch(
      /Rotate the cluster's credentials/,
    );
    expect(
      describeFailure(
        errorFromThrown(
          Object.assign(new TypeError("fetch failed"), {
            cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 10.0.0.1:6443" },
          }),
        ),
      ),
    ).toMatch(/^No answer from the API server: .*ECONNREFUSED.*Check the URL/);
    expect(describeFailure(new Error("boom"))).toBe("Unexpected error while talking to the cluster.");
  });
});
