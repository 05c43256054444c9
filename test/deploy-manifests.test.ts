// The Kubernetes manifests under deploy/: each overlay renders with kubectl's built-in kustomize and
// a simulated API server accepts every object in a server-side dry run (nothing is created).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { startSimulator, type Simulator } from "@/lib/sim";
import { kubectl, kubectlAvailable } from "./kubectl";

const run = promisify(execFile);
const available = kubectlAvailable();
if (!available.ok) {
  const line = "=".repeat(78);
  console.warn(`\n${line}\nWARNING: deploy/ manifests NOT checked: ${available.why}.\n${line}\n`);
}

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
};

async function render(overlay: string): Promise<{ yaml: string; objects: Manifest[] }> {
  const { stdout } = await run("kubectl", ["kustomize", path.join("deploy/overlays", overlay)]);
  return { yaml: stdout, objects: parseAllDocuments(stdout).map((d) => d.toJS() as Manifest) };
}

const byKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);
const deployment = (objects: Manifest[], name: string) =>
  objects.find((o) => o.kind === "Deployment" && o.metadata.name === name)!;
type PodSpec = {
  securityContext: { runAsNonRoot: boolean };
  containers: {
    livenessProbe?: { httpGet: { path: string } };
    readinessProbe?: { httpGet: { path: string } };
    securityContext: { readOnlyRootFilesystem: boolean };
    resources: { requests: Record<string, string> };
  }[];
  affinity?: unknown;
};
const podSpec = (o: Manifest) => (o.spec as { template: { spec: PodSpec } }).template.spec;

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  if (!available.ok) return;
  dir = mkdtempSync(path.join(os.tmpdir(), "portico-deploy-"));
  sim = await startSimulator({ clusters: ["east"], port: 0, kubeconfigPath: path.join(dir, "kubeconfig") });
  // The namespace is the operator's to create (with the Secret), as docs/operating.md says.
  await kubectl(path.join(dir, "kubeconfig"), "east", ["create", "namespace", "portico"]);
});
afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("kubectl for the deploy/ checks", () => {
  it("is there, or CI fails", () => {
    expect(available.ok || process.env.CI !== "true", available.ok ? "" : available.why).toBe(true);
  });
});

describe.skipIf(!available.ok)("deploy/ overlays", () => {
  for (const [overlay, web, workers] of [
    ["single", 1, 1],
    ["ha", 3, 2],
  ] as const) {
    it(`${overlay}: ${web} web and ${workers} worker pods with probes on the health endpoints, accepted by a server-side dry run`, async () => {
      const { yaml, objects } = await render(overlay);
      expect(objects.every((o) => o.metadata.namespace === "portico" || o.kind === "Namespace")).toBe(true);
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of [
        "Deployment",
        "Service",
        "ServiceAccount",
        "Job",
        "ConfigMap",
        "PodDisruptionBudget",
        "NetworkPolicy",
      ])
        expect(kinds).toContain(kind);
      expect(kinds.has("ServiceMonitor")).toBe(overlay === "ha");

      const webDeploy = deployment(objects, "portico-web");
      const workerDeploy = deployment(objects, "portico-worker");
      expect(webDeploy.spec!.replicas).toBe(web);
      expect(workerDeploy.spec!.replicas).toBe(workers);
      const [webPod, workerPod] = [podSpec(webDeploy), podSpec(workerDeploy)];
      expect(webPod.containers[0]!.livenessProbe!.httpGet.path).toBe("/api/health/live");
      expect(webPod.containers[0]!.readinessProbe!.httpGet.path).toBe("/api/health/ready");
      expect(workerPod.containers[0]!.livenessProbe!.httpGet.path).toBe("/live");
      expect(workerPod.containers[0]!.readinessProbe!.httpGet.path).toBe("/ready");
      for (const pod of [webPod, workerPod]) {
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(pod.containers[0]!.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(pod.containers[0]!.resources.requests).toHaveProperty("memory");
        expect(Boolean(pod.affinity)).toBe(overlay === "ha");
      }

      const file = path.join(dir, `${overlay}.yaml`);
      writeFileSync(file, yaml);
      const kubeconfig = path.join(dir, "kubeconfig");
      const out = await kubectl(kubeconfig, "east", ["apply", "--dry-run=server", "-f", file]);
      const lines = out.trim().split("\n");
      expect(lines).toHaveLength(objects.length);
      for (const line of lines) expect(line).toMatch(/ (created|configured|unchanged) \(server dry run\)$/);
      // A dry run stores nothing.
      expect(
        await kubectl(kubeconfig, "east", ["get", "deployments,jobs", "-n", "portico", "-o", "name"]),
      ).toBe("");
      expect(byKind(objects, "Job")[0]!.metadata.name).toBe("portico-migrate");
    });
  }
});
