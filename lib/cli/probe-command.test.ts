// `portico probe` as a CI pipeline runs it: a separate process, a kubeconfig context of a simulated
// cluster, real TLS to both gateways. Spawned asynchronously: the simulator in this process must
// keep answering while the CLI runs.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "./main";
import {
  sharedOnlyRouteObjects,
  startProbeEstate,
  withSharedOnlyRoute,
  type ProbeEstate,
} from "@/lib/probe/test-helpers";

const root = fileURLToPath(new URL("../../", import.meta.url));
let estate: ProbeEstate;
let dir: string;
const file = (name: string) => join(dir, name);

function portico(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      [join(root, "lib/cli/main.ts"), ...args],
      { cwd: root, timeout: 60_000, env: { ...process.env, PORTICO_ALLOW_INSECURE_CLUSTERS: "1" } },
      (err, out, errText) => resolve({ code: err ? Number(err.code ?? -1) : 0, out, err: errText }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "portico-probe-cli-"));
  estate = await startProbeEstate({ kubeconfigPath: file("kubeconfig") });
  writeFileSync(file("step1.yaml"), stringify(estate.step1));
  writeFileSync(file("refunds.yaml"), stringify(withSharedOnlyRoute(estate.step1)));
  writeFileSync(file("ca.crt"), estate.ca);
}, 60_000);

afterAll(async () => {
  await estate?.stop();
});

const base = () => [
  "probe",
  "--kubeconfig",
  file("kubeconfig"),
  "--context",
  "east",
  "--product",
  "payments",
];

describe("portico probe (spawned)", { timeout: 120_000 }, () => {
  it("exits 0 when every call class is the same; --json prints one object per call class", async () => {
    const r = await portico(...base(), "-f", file("step1.yaml"), "--ca", file("ca.crt"), "--json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        cluster: "east",
        method: "GET",
        host: "payments.my-company.io",
        path: "/v1/payments",
        verdict: "same",
        shared: expect.objectContaining({ status: 200, tls: { verified: true } }),
        product: expect.objectContaining({ status: 200, upstream: "payments/payments" }),
      }),
    ]);
  });

  it("exits 1 when a call class differs, showing both answers", async () => {
    const legacy = sharedOnlyRouteObjects(estate.step1);
    for (const o of legacy) await estate.east.apply(o, { force: true });
    try {
      const r = await portico(
        ...base(),
        "-f",
        file("refunds.yaml"),
        "--shared",
        "istio-system/istio-ingressgateway",
      );
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /^DIFFERS \[east\] GET https:\/\/payments\.my-company\.io\/v1\/refunds: status 200 .* 404/m,
      );
      expect(r.out).toMatch(/shared: {2}200 from payments\/payments at 127\.[\d.]+:443, TLS not verified/);
      expect(r.out).toMatch(/^SAME \[east\] GET https:\/\/payments\.my-company\.io\/v1\/payments /m);
      expect(r.out).toMatch(/2 call class\(es\) probed, 1 same, 1 differ, 0 failed/);
    } finally {
      for (const o of legacy)
        await estate.east.delete(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);
    }
  });

  it("exits 2 on bad input", async () => {
    const spawned = await portico(...base(), "-f", file("step1.yaml"), "--product", "nope");
    expect(spawned.code).toBe(2);
    expect(spawned.err).toMatch(/portico: The topology has no product "nope"/);
    // The other cases in-process: the same code path without a process start each.
    const cases = [
      ["probe", "-f", file("step1.yaml"), "--product", "payments"],
      [...base(), "-f", file("step1.yaml"), "--shared", "just-a-name"],
      [...base(), "-f", file("missing.yaml")],
      [...base().slice(0, 3), "--context", "nowhere", "-f", file("step1.yaml")],
      [...base(), "-f", file("step1.yaml"), "--bogus", "1"],
    ];
    for (const args of cases) {
      let err = "";
      const code = await run(args, { out: () => {}, err: (t) => (err += t) });
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(err).toMatch(/portico: /);
    }
  });
});
