import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";
import { toYaml } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { REFERENCE_SHARED_INGRESS } from "@/lib/import/reference-shared-ingress";
import { renderCluster } from "@/lib/istio/render-cluster";
import { run } from "./main";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const ex = (name: string) => join(root, "docs/examples", `${name}.yaml`);

function portico(...args: string[]) {
  const r = spawnSync(tsx, [join(root, "lib/cli/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "portico-cli-"));
});

// Every case spawns a fresh tsx process (about 1-3 s each on a loaded machine).
describe("portico CLI (spawned)", { timeout: 180_000 }, () => {
  it("render prints multi-document YAML for one cluster", () => {
    const r = portico("render", "-f", ex("03-payments-west"), "--cluster", "west");
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    expect(docs.length).toBeGreaterThan(10);
    expect(docs.map((d) => d.kind)).toContain("ServiceEntry");
    expect(r.out).toBe(toYaml(renderCluster(loadExample("03-payments-west"), "west").objects));
  });

  it("render --format gateway-api emits Gateway API objects and notes on stderr", () => {
    const r = portico(
      "render",
      "-f",
      ex("02-payments-split"),
      "--cluster",
      "east",
      "--format",
      "gateway-api",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain("kind: HTTPRoute");
    expect(r.err).toMatch(/not expressible/);
  });

  it("render fails (exit 1) when the analyzer finds errors, still printing the YAML", () => {
    const t = parse(readFileSync(ex("01-payments-gateway"), "utf8"));
    t.gateways[1].selector = { istio: "ingressgateway" };
    const bad = join(tmp, "render-clash.yaml");
    writeFileSync(bad, JSON.stringify(t));
    const r = portico("render", "-f", bad, "--cluster", "east");
    expect(r.code).toBe(1);
    expect(r.out).toContain("kind: Gateway");
    expect(r.err).toMatch(/ERROR PTC017/);
  });

  it("render of several clusters writes one stream per cluster with --out-dir, refuses one mixed stream", () => {
    const dir = join(tmp, "streams");
    const r = portico("render", "-f", ex("03-payments-west"), "--out-dir", dir, "--format", "gateway-api");
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    for (const cluster of ["east", "west"]) {
      const text = readFileSync(join(dir, `${cluster}.yaml`), "utf8");
      const objects = parseAllDocuments(text).map((d) => d.toJS());
      const keys = objects.map(
        (o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`,
      );
      // One object once per stream, and the stream is exactly that cluster's rendering.
      expect(new Set(keys).size).toBe(keys.length);
      expect(text).toBe(
        toYaml(renderCluster(loadExample("03-payments-west"), cluster, { format: "gateway-api" }).objects),
      );
    }
    // Both clusters hold the payments Namespace and ServiceEntry: one stream would repeat them.
    const refused = portico("render", "-f", ex("03-payments-west"));
    expect(refused.code).toBe(2);
    expect(refused.out).toBe("");
    expect(refused.err).toMatch(/2 clusters \(east, west\).*--cluster NAME.*--out-dir DIR/);
  });

  it("render --format gateway-api fails (exit 1) on a route Gateway API would route differently", () => {
    const t = parse(readFileSync(ex("02-payments-split"), "utf8"));
    t.routes[0].http.push({
      name: "status",
      match: [{ path: { exact: "/v1/payments/status" } }],
      destinations: [{ service: "credit-card", namespace: "payments", port: 8080 }],
    });
    const file = join(tmp, "precedence.yaml");
    writeFileSync(file, JSON.stringify(t));
    const r = portico("render", "-f", file, "--cluster", "east", "--format", "gateway-api");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused \[east\] route\/payments\/payments: PTC044/);
    expect(r.err).toMatch(/ERROR PTC044 GatewayApiPrecedenceChangesRouting: .*rule "status"/);
    const routes = parseAllDocuments(r.out)
      .map((d) => d.toJS())
      .filter((o) => o.kind === "HTTPRoute")
      .map((o) => o.metadata.name);
    expect(routes).toEqual(["analytics"]);
    // The istio format is unaffected (a shadowed rule is a warning there).
    expect(portico("render", "-f", file, "--cluster", "east").code).toBe(0);
  });

  it("validate exits 0 on a clean topology, 1 with findings, JSON on request", () => {
    expect(portico("validate", "-f", ex("01-payments-gateway")).code).toBe(0);
    const t = parse(readFileSync(ex("01-payments-gateway"), "utf8"));
    t.gateways[1].selector = { istio: "ingressgateway" };
    const bad = join(tmp, "cutover-clash.yaml");
    writeFileSync(bad, JSON.stringify(t));
    const text = portico("validate", "-f", bad);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/ERROR PTC017 CutoverSelectorClash/);
    const json = portico("validate", "-f", bad, "--json");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({ code: "PTC017", severity: "error" });
  });

  it("validate reports schema errors with path and hint (exit 1)", () => {
    const f = join(tmp, "typo.yaml");
    writeFileSync(
      f,
      "apiVersion: portico.dev/v1alpha1\nkind: Topology\nmetadata: {name: t}\nclusters: [{name: east, region: r, zone: z, zon: x}]\n",
    );
    const r = portico("validate", "-f", f, "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).schemaErrors[0]).toMatchObject({ path: "clusters.0.zon" });
  });

  it("contract exits 0 when the API is kept and 1 listing the broken calls", () => {
    // 02 no longer models the shared gateway, which does not remove it from the cluster: until the
    // cluster shows it without the product hosts, its clients would get 404s.
    const early = portico(
      "contract",
      "--before",
      ex("01-payments-gateway"),
      "--after",
      ex("02-payments-split"),
    );
    expect(early.code).toBe(1);
    expect(early.out).toMatch(/BROKEN \[east\] .* via istio-system\/istio-ingressgateway: .*still exposes/);
    const live = join(tmp, "live-shared");
    mkdirSync(live);
    writeFileSync(
      join(live, "shared.yaml"),
      toYaml([
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
      ]),
    );
    const ok = portico(
      "contract",
      "--before",
      ex("01-payments-gateway"),
      "--after",
      ex("02-payments-split"),
      "--live",
      live,
      "--cluster",
      "east",
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/contract holds/);
    expect(ok.out).toMatch(
      /CHANGED \[east\] any method https:\/\/payments.my-company.io\/v1\/payments\/cards\*/,
    );
    const t = parse(readFileSync(ex("02-payments-split"), "utf8"));
    t.routes[1].http.pop();
    const dropped = join(tmp, "dropped.yaml");
    writeFileSync(dropped, JSON.stringify(t));
    const bad = portico("contract", "--before", ex("02-payments-split"), "--after", dropped);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/BROKEN \[east\] .* https:\/\/analytics.my-company.io\/v1\/reports\*/);
    const json = JSON.parse(
      portico("contract", "--before", ex("02-payments-split"), "--after", dropped, "--json").out,
    );
    expect(json.ok).toBe(false);
    expect(json.broken.length).toBeGreaterThan(0);
  });

  it("diff plans against a directory of live objects", () => {
    const live = join(tmp, "live");
    mkdirSync(live);
    const objs = renderCluster(loadExample("02-payments-split"), "east").objects;
    writeFileSync(join(live, "cluster.yaml"), toYaml(objs));
    const same = portico("diff", "-f", ex("02-payments-split"), "--live", live, "--cluster", "east");
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/0 to create, 0 to update, 0 to delete/);
    const changed = portico("diff", "-f", ex("03-payments-west"), "--live", live, "--cluster", "east");
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/~ update networking.istio.io\/v1\/DestinationRule\/payments\/credit-card/);
    expect(changed.out).toMatch(/\+\s+localityLbSetting:/);
  });

  it("import reads live objects into a topology that validates", () => {
    const live = join(tmp, "shared");
    mkdirSync(live);
    // The shared ingress as another tool wrote it: the rendered VirtualServices without Portico's labels.
    const vs = renderCluster(loadExample("00-shared-ingress"), "east")
      .objects.filter((o) => o.kind === "VirtualService")
      .map((o) => ({ ...o, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } }));
    const gw = REFERENCE_SHARED_INGRESS.find((o) => o.kind === "Gateway")!;
    writeFileSync(join(live, "objects.yaml"), toYaml([gw, ...vs]));
    const r = portico(
      "import",
      "--live",
      live,
      "--cluster",
      "east",
      "--region",
      "us-east-1",
      "--zone",
      "us-east-1a",
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/owner: payments.my-company.io -> payments \(team payments;/);
    const imported = join(tmp, "imported.yaml");
    writeFileSync(imported, r.out);
    expect(portico("validate", "-f", imported).code).toBe(0);
  });

  it("exits 2 for bad usage and unreadable files, with a message", () => {
    const spawned = [
      [],
      ["render", "-f", join(tmp, "missing.yaml")],
      ["render", "-f", ex("01-payments-gateway"), "--cluster", "north"],
    ];
    for (const args of spawned) {
      const r = portico(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toMatch(/portico: /);
    }
    // The remaining cases in-process: same code path, without a process start each.
    const inProcess = [
      ["frobnicate"],
      ["render"],
      ["render", "-f", ex("01-payments-gateway"), "--format", "nginx"],
      ["validate", "-f", ex("01-payments-gateway"), "--bogus", "1"],
      ["validate", "-f"],
      ["contract", "--before", ex("01-payments-gateway")],
      ["diff", "-f", ex("01-payments-gateway"), "--live", join(tmp, "nope")],
      ["diff", "-f", ex("01-payments-gateway"), "--live", tmp],
      ["import", "--live", tmp],
    ];
    for (const args of inProcess) {
      let err = "";
      const code = run(args, { out: () => {}, err: (t) => (err += t) });
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(err).toMatch(/portico: /);
    }
  });
});
