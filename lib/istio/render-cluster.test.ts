import { describe, expect, it } from "vitest";
import { objectKey, toYaml, MANAGED_BY_LABEL, PRODUCT_LABEL, REVISION_ANNOTATION } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { renderAll, renderCluster } from "./render-cluster";
import { renderNamespace } from "./render-namespace";
import { exampleContext } from "./test-context";

describe("renderCluster", () => {
  it("never renders the shared gateway but keeps VirtualServices bound to it", () => {
    const t = loadExample("00-shared-ingress");
    const objs = renderCluster(t, "east").objects;
    expect(objs.filter((o) => o.metadata.namespace === "istio-system")).toEqual([]);
    expect(objs.filter((o) => o.kind === "VirtualService").map((o) => o.metadata.name)).toEqual([
      "analytics",
      "payments",
    ]);
    expect(renderCluster(t, "west").objects).toEqual([]);
  });

  it("puts the Analytics gateway in its own namespace", () => {
    const objs = renderCluster(loadExample("01-payments-gateway"), "east").objects;
    const ns = objs.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name);
    expect(ns).toContain("analytics-gateway");
    expect(
      objs.find((o) => o.kind === "Deployment" && o.metadata.name === "analytics-gateway")?.metadata
        .namespace,
    ).toBe("analytics-gateway");
  });

  it("stamps ownership labels and the revision on every object", () => {
    for (const o of renderCluster(loadExample("03-payments-west"), "west", { revision: 42 }).objects) {
      expect(o.metadata.labels?.[MANAGED_BY_LABEL]).toBe("portico");
      expect(o.metadata.annotations?.[REVISION_ANNOTATION]).toBe("42");
      if (o.kind !== "Namespace") expect(o.metadata.labels?.[PRODUCT_LABEL]).toBeDefined();
    }
  });

  it("is deterministic: same input, same bytes, whatever the input order", () => {
    const t = loadExample("03-payments-west");
    const shuffled = {
      ...t,
      routes: [...t.routes].reverse(),
      gateways: [...t.gateways].reverse(),
      services: [...t.services].reverse(),
    };
    expect(toYaml(renderCluster(shuffled, "east").objects)).toBe(toYaml(renderCluster(t, "east").objects));
    expect(toYaml(renderCluster(t, "east").objects)).toBe(
      toYaml(renderCluster(loadExample("03-payments-west"), "east").objects),
    );
  });

  it("orders objects for apply and has no duplicate keys", () => {
    const objs = renderCluster(loadExample("03-payments-west"), "east").objects;
    expect(objs[0]!.kind).toBe("Namespace");
    const keys = objs.map(objectKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("renders every cluster and refuses an unknown one", () => {
    const all = renderAll(loadExample("03-payments-west"));
    expect([...all.keys()]).toEqual(["east", "west"]);
    expect(all.get("west")!.some((o) => o.kind === "ServiceEntry")).toBe(true);
    expect(() => renderCluster(loadExample("03-payments-west"), "north")).toThrow(/unknown cluster/);
  });

  it("renders the ServiceEntry where clients call a gateway that runs elsewhere", () => {
    const t = loadExample("02-payments-split");
    const gateways = t.gateways.map((g) =>
      g.name === "payments-gateway"
        ? { ...g, placement: [{ cluster: "east", address: "payments-gateway.east.my-company.io" }] }
        : g,
    );
    const moved = {
      ...t,
      gateways,
      clients: [
        { name: "checkout", namespace: "checkout", clusters: ["west"], calls: ["payments.my-company.io"] },
      ],
    };
    const west = renderCluster(moved, "west").objects;
    expect(west.map((o) => o.kind)).toEqual(["Namespace", "ServiceEntry"]);
  });

  it("renders a plain Namespace", () => {
    const { ctx } = exampleContext("01-payments-gateway");
    expect(renderNamespace(ctx, "payments", "payments")).toMatchObject({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "payments" },
    });
  });
});
