import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { analyze } from "@/lib/analysis";
import { loadExample } from "@/lib/topology/examples";
import { syntheticTopology } from "@/lib/topology";
import { diffGraphs } from "./diff-graphs";
import { buildGraph, findingsByNode, type TopologyGraph } from "./graph-model";
import { decodeFindings, decodeGraph, encodeFindings, encodeGraph } from "./wire-graph";

const unsigned = (g: TopologyGraph): TopologyGraph => ({
  ...g,
  nodes: g.nodes.map((n) => ({ ...n, signature: "" })),
});

describe("encodeGraph and decodeGraph", () => {
  it.each(["00-shared-ingress", "02-payments-split", "03-payments-west"] as const)(
    "give back the graph of %s, ids, groups and edges alike",
    (name) => {
      const graph = buildGraph(loadExample(name));
      const wire = JSON.parse(JSON.stringify(encodeGraph(graph))) as ReturnType<typeof encodeGraph>;
      const back = decodeGraph(wire);
      expect(back.graph).toEqual(unsigned(graph));
      expect(back.changes).toBeUndefined();
    },
  );

  it("carries a comparison: the union graph and every node's and edge's change", () => {
    const diff = diffGraphs(
      buildGraph(loadExample("03-payments-west")),
      buildGraph(loadExample("02-payments-split")),
    );
    const back = decodeGraph(JSON.parse(JSON.stringify(encodeGraph(diff.graph, diff))));
    expect(back.graph).toEqual(unsigned(diff.graph));
    expect(back.changes!.nodes).toEqual(diff.nodes);
    expect(back.changes!.edges).toEqual(diff.edges);
    expect(back.changes!.counts).toEqual(diff.counts);
    expect(back.changes!.nodes.get("gateway:west/payments/payments-gateway")).toBe("removed");
  });

  it("is a fraction of the graph as plain JSON on a large estate", () => {
    const topology = syntheticTopology(500, 3);
    const graph = buildGraph(topology, { signatures: false });
    const wire = JSON.stringify(encodeGraph(graph));
    expect(wire.length).toBeLessThan(JSON.stringify(graph).length / 5);
    // Compressed (as the server sends it), a small part of the revision's document too.
    expect(gzipSync(wire).length).toBeLessThan(gzipSync(JSON.stringify(topology)).length / 3);
    expect(decodeGraph(JSON.parse(wire)).graph.nodes).toHaveLength(6500);
  });

  it("refuses a node whose group the graph lacks", () => {
    const graph = buildGraph(loadExample("01-payments-gateway"));
    expect(() =>
      encodeGraph({ ...graph, groups: graph.groups.filter((g) => g.kind !== "namespace") }),
    ).toThrow(/is in group ns:/);
  });
});

describe("encodeFindings and decodeFindings", () => {
  it("give back each node's counts and findings, naming each finding once", () => {
    const topology = loadExample("01-payments-gateway");
    topology.gateways
      .find((g) => g.name === "payments-gateway")!
      .listeners[0]!.hosts.push("unrouted.my-company.io");
    const graph = buildGraph(topology);
    const findings = analyze(topology);
    const byNode = findingsByNode(graph, topology, findings);
    expect(byNode.size).toBeGreaterThan(0);
    const wire = JSON.parse(JSON.stringify(encodeFindings(findings, byNode)));
    expect(wire.findings).toHaveLength(findings.length);
    expect(decodeFindings(wire)).toEqual(byNode);
    const gateway = decodeFindings(wire).get("gateway:east/payments/payments-gateway")!;
    expect(gateway.findings.map((f) => f.code)).toContain("PTC022");
    expect(gateway.warning).toBeGreaterThan(0);
  });
});
