import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseTopology, type K8sObject } from "@/lib/topology";
import { adoptLiveObject } from "./adopt-live-object";
import { renderCluster } from "./render-cluster";

const parsed = parseTopology(parse(readFileSync("docs/examples/01-payments-gateway.yaml", "utf8")));
if (!parsed.ok) throw new Error("example invalid");
const topology = parsed.topology;
const rendered = renderCluster(topology, "east").objects;
const find = (kind: string, name: string) =>
  structuredClone(rendered.find((o) => o.kind === kind && o.metadata.name === name)!) as K8sObject & {
    spec: Record<string, unknown>;
  };

describe("adoptLiveObject", () => {
  it("takes a changed autoscaler back into the gateway, and renders it again identically", () => {
    const hpa = find("HorizontalPodAutoscaler", "payments-gateway");
    hpa.spec.minReplicas = 4;
    hpa.spec.maxReplicas = 12;
    const r = adoptLiveObject(topology, "east", hpa);
    if (!r.ok) throw new Error(r.reason);
    const gw = r.topology.gateways.find((g) => g.name === "payments-gateway")!;
    expect(gw.autoscaling).toMatchObject({ minReplicas: 4, maxReplicas: 12 });
    const again = renderCluster(r.topology, "east").objects.find(
      (o) => o.kind === "HorizontalPodAutoscaler" && o.metadata.name === "payments-gateway",
    )!;
    expect((again.spec as Record<string, unknown>).maxReplicas).toBe(12);
    expect(topology.gateways.find((g) => g.name === "payments-gateway")!.autoscaling!.maxReplicas).not.toBe(
      12,
    ); // input untouched
  });

  it("takes changed proxy resources from the Deployment", () => {
    const dep = find("Deployment", "payments-gateway");
    const containers = (dep.spec.template as { spec: { containers: Record<string, unknown>[] } }).spec
      .containers;
    containers[0]!.resources = {
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "2", memory: "1Gi" },
    };
    const r = adoptLiveObject(topology, "east", dep);
    if (!r.ok) throw new Error(r.reason);
    expect(r.topology.gateways.find((g) => g.name === "payments-gateway")!.resources).toEqual({
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "2", memory: "1Gi" },
    });
  });

  it("takes a route rule's timeout and retries from its VirtualService", () => {
    const vs = find("VirtualService", "analytics");
    const http = vs.spec.http as Record<string, unknown>[];
    http[0]!.timeout = "1s";
    http[1]!.retries = { attempts: 2, perTryTimeout: "500ms" };
    const r = adoptLiveObject(topology, "east", vs);
    if (!r.ok) throw new Error(r.reason);
    const route = r.topology.routes.find((x) => x.name === "analytics")!;
    expect(route.http[0]!.timeout).toBe("1s");
    expect(route.http[1]!.retries).toEqual({ attempts: 2, perTryTimeout: "500ms" });
    expect(r.changes).toHaveLength(2);
  });

  it("refuses what does not map back onto the topology, saying why", () => {
    const role = rendered.find((o) => o.kind === "Role")!;
    const r = adoptLiveObject(topology, "east", role);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot be adopted.*revert/) });
    const vs = rendered.find((o) => o.kind === "VirtualService")!;
    expect(adoptLiveObject(topology, "east", vs)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not model.*revert it/),
    });
    const unchanged = adoptLiveObject(topology, "east", find("HorizontalPodAutoscaler", "payments-gateway"));
    expect(unchanged).toMatchObject({ ok: false, reason: expect.stringMatching(/revert it instead/) });
  });
});
