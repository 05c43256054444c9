import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { EXAMPLE_STEPS, examplePath, loadExample } from "./examples";
import { MAX_TOPOLOGY_CHARS, parseTopologyText } from "./load";
import { LIMITS, parseTopology, TopologySchema } from "./schema";

const minimal = {
  apiVersion: "portico.dev/v1alpha1",
  kind: "Topology",
  metadata: { name: "t" },
  clusters: [{ name: "east", region: "us-east-1", zone: "us-east-1a" }],
};

describe("parseTopology", () => {
  it.each(EXAMPLE_STEPS)("accepts the reference example %s", (step) => {
    const t = loadExample(step);
    expect(t.clusters.map((c) => c.name)).toEqual(["east", "west"]);
  });

  it("fills defaults", () => {
    const r = parseTopology(minimal);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.topology.routes).toEqual([]);
      expect(r.topology.clusters[0]!.network).toBe("network1");
    }
  });

  it("refuses unknown fields with the path and a hint", () => {
    const r = parseTopology({ ...minimal, clusters: [{ ...minimal.clusters[0], zones: "x" }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        expect.objectContaining({ path: "clusters.0.zones", hint: expect.stringContaining("'zones'") }),
      ]);
    }
  });

  it("refuses invalid values with the path and a hint", () => {
    const r = parseTopology({
      ...minimal,
      gateways: [
        {
          name: "Payments_GW",
          namespace: "payments",
          mode: "dedicated",
          placement: [{ cluster: "east" }],
          listeners: [{ name: "https", port: 70000, protocol: "HTTPS", hosts: ["a.b"] }],
        },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e]));
      expect(byPath["gateways.0.name"]?.message).toMatch(/DNS-1123/);
      expect(byPath["gateways.0.mode"]?.hint).toMatch(/"shared", "product"/);
      expect(byPath["gateways.0.listeners.0.port"]?.hint).toMatch(/at most 65535/);
    }
  });

  it("refuses a string match with two operators and a bad duration", () => {
    const r = parseTopology({
      ...minimal,
      routes: [
        {
          name: "r",
          product: "p",
          host: "h.io",
          gateways: ["mesh"],
          http: [
            {
              match: [{ path: { prefix: "/a", exact: "/a" } }],
              destinations: [{ service: "s" }],
              timeout: "5 seconds",
            },
          ],
        },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.path)).toEqual(
        expect.arrayContaining(["routes.0.http.0.match.0.path", "routes.0.http.0.timeout"]),
      );
    }
  });

  it("reports missing required fields and YAML syntax errors", () => {
    const r = parseTopologyText("apiVersion: portico.dev/v1alpha1\nkind: Topology\nmetadata: {name: t}\n");
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({ path: "clusters", hint: expect.stringMatching(/required/) });
    const bad = parseTopologyText("a: [1,\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.hint).toMatch(/YAML/);
  });
});

describe("document limits", () => {
  const head = "apiVersion: portico.dev/v1alpha1\nkind: Topology\nmetadata: {name: t}\n";

  it("refuses a document over the size cap with a message naming the cap", () => {
    const r = parseTopologyText(`${head}# ${"x".repeat(MAX_TOPOLOGY_CHARS)}\n`);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        {
          path: "(root)",
          message: expect.stringMatching(
            /^the document is 64\.0 MiB; topology documents are limited to 64\.0 MiB$/,
          ),
          hint: expect.stringMatching(/split the estate/),
        },
      ]);
  });

  it("expands YAML merge keys", () => {
    const ok = parseTopologyText(
      `${head}clusters:\n  - &east {name: east, region: us-east-1, zone: us-east-1a}\n  - <<: *east\n    name: east-b\n    zone: us-east-1b\n`,
    );
    expect(ok.ok && ok.topology.clusters).toEqual([
      { name: "east", region: "us-east-1", zone: "us-east-1a", network: "network1" },
      { name: "east-b", region: "us-east-1", zone: "us-east-1b", network: "network1" },
    ]);
  });

  it("refuses lists over their limit, pointing at the list", () => {
    const clusters = Array.from({ length: LIMITS.clusters + 1 }, (_, i) => ({
      name: `c${i}`,
      region: "r",
      zone: "z",
    }));
    const r = parseTopology({
      apiVersion: "portico.dev/v1alpha1",
      kind: "Topology",
      metadata: { name: "t" },
      clusters,
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        path: "clusters",
        hint: `keep at most ${LIMITS.clusters} item(s) here; see the limits in docs/topology.md`,
      });
  });
});

describe("JSON Schema export", () => {
  it("docs/topology.schema.json is up to date", () => {
    const file = new URL("../../docs/topology.schema.json", import.meta.url);
    const committed = JSON.parse(readFileSync(file, "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(TopologySchema, { io: "input" }))));
  });

  it("examples are readable as files", () => {
    for (const s of EXAMPLE_STEPS) expect(readFileSync(examplePath(s), "utf8")).toContain("kind: Topology");
  });
});
