import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { startSimulator, type Simulator } from "./simulator";

/** kubectl from PATH (the machines ship /usr/bin/kubectl 1.32). */
function findKubectl(): { path?: string; why?: string } {
  let why = "";
  // Retried once: on a loaded machine a first start of the binary can be slow or interrupted.
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = spawnSync("kubectl", ["version", "--client", "-o", "json"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT")
      return { why: "kubectl not found on PATH" };
    if (!r.error && r.status === 0) return { path: "kubectl" };
    why = `kubectl version --client failed (status ${r.status}, signal ${r.signal}, ${r.error?.message ?? ""}): ${r.stderr}`;
  }
  return { why };
}

const found = findKubectl();
if (!found.path) {
  const line = "=".repeat(78);
  console.warn(
    `\n${line}\nWARNING: the kubectl suite of lib/sim did NOT run: ${found.why}.\nInstall kubectl (e.g. apt-get install kubernetes-client) to run it.\n${line}\n`,
  );
}

describe("kubectl availability", () => {
  it("has kubectl, or says loudly why not (and fails under CI)", () => {
    if (!found.path && process.env.CI === "true")
      throw new Error(`kubectl suite could not run under CI: ${found.why}`);
    expect(true).toBe(true);
  });
});

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: payments
  namespace: payments
  labels: {product: payments}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["payments.my-company.io"]
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: payments
  labels: {app: payments, tier: backend}
spec:
  replicas: 2
  selector: {matchLabels: {app: payments}}
  template:
    metadata: {labels: {app: payments}}
    spec:
      containers:
      - name: payments
        image: registry.my-company.io/payments:1.0.0
        ports: [{containerPort: 8080}]
`;

describe.skipIf(!found.path)("kubectl against the simulator", () => {
  let sim: Simulator;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "portico-sim-kubectl-"));
    kubeconfig = join(dir, "kubeconfig");
    sim = await startSimulator({
      clusters: ["east=us-east-1a", "west=us-west-2b"],
      kubeconfigPath: kubeconfig,
      deploymentReadyDelayMs: 100,
    });
    writeFileSync(join(dir, "gateway.yaml"), GATEWAY);
    writeFileSync(join(dir, "deployment.yaml"), DEPLOYMENT);
    writeFileSync(
      join(dir, "gateway-rival.yaml"),
      GATEWAY.replace("istio: ingressgateway", "istio: rival-gateway"),
    );
    writeFileSync(join(dir, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n");
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const kubectl = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        found.path!,
        ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), "--request-timeout", "10s", ...args],
        { cwd: dir, env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir } },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it("get ns", async () => {
    const r = await kubectl("get", "ns");
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^NAME\s+/);
    for (const ns of ["default", "kube-system", "istio-system"]) expect(r.stdout).toContain(ns);
    // Server-side printing: the columns a real cluster shows.
    const d = await kubectl("get", "deployments", "-n", "istio-system");
    expect(d.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(d.stdout).toMatch(/istiod\s+1\/1\s+1\s+1\s+/);
  });

  it("server-side applies an Istio Gateway and a Deployment", async () => {
    expect((await kubectl("apply", "--server-side", "-f", "ns.yaml")).code).toBe(0);
    const gw = await kubectl("apply", "--server-side", "-f", "gateway.yaml");
    expect(gw.stderr).toBe("");
    expect(gw.stdout.trim()).toBe("gateway.networking.istio.io/payments serverside-applied");
    const dep = await kubectl("apply", "--server-side", "-f", "deployment.yaml");
    expect(dep.stdout.trim()).toBe("deployment.apps/payments serverside-applied");
    const rollout = await kubectl(
      "rollout",
      "status",
      "deployment/payments",
      "-n",
      "payments",
      "--timeout=10s",
    );
    expect(rollout.stdout).toContain("successfully rolled out");
  });

  it("get gateways.networking.istio.io -A -o yaml", async () => {
    const r = await kubectl("get", "gateways.networking.istio.io", "-A", "-o", "yaml");
    expect(r.code).toBe(0);
    const list = parse(r.stdout) as {
      items: { metadata: { name: string; namespace: string }; spec: { servers: { hosts: string[] }[] } }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.metadata).toMatchObject({ name: "payments", namespace: "payments" });
    expect(list.items[0]!.spec.servers[0]!.hosts).toEqual(["payments.my-company.io"]);
  });

  it("shows the conflict a second field manager gets, and --force-conflicts", async () => {
    const r = await kubectl("apply", "--server-side", "--field-manager=rival", "-f", "gateway-rival.yaml");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.selector.istio');
    const forced = await kubectl(
      "apply",
      "--server-side",
      "--field-manager=rival",
      "--force-conflicts",
      "-f",
      "gateway-rival.yaml",
    );
    expect(forced.code).toBe(0);
    const mf = await kubectl(
      "get",
      "gateway.networking.istio.io/payments",
      "-n",
      "payments",
      "-o",
      "yaml",
      "--show-managed-fields",
    );
    const obj = parse(mf.stdout) as {
      spec: { selector: { istio: string } };
      metadata: { managedFields: { manager: string }[] };
    };
    expect(obj.spec.selector.istio).toBe("rival-gateway");
    expect(obj.metadata.managedFields.map((m) => m.manager).sort()).toEqual(["kubectl", "rival"]);
  });

  it("selects by label", async () => {
    const r = await kubectl(
      "get",
      "deployments",
      "-A",
      "-l",
      "tier in (backend,frontend),app!=nope",
      "-o",
      "name",
    );
    expect(r.stdout.trim()).toBe("deployment.apps/payments");
    const none = await kubectl("get", "deployments", "-A", "-l", "!tier", "-o", "name");
    expect(none.stdout).not.toContain("payments");
    expect(none.stdout).toContain("istiod");
    const pods = await kubectl("get", "pods", "-n", "payments", "-l", "app=payments", "-o", "name");
    expect(pods.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("runs imperative commands (protobuf bodies, scale subresource, can-i)", async () => {
    expect((await kubectl("create", "namespace", "scratch")).stdout.trim()).toBe("namespace/scratch created");
    expect((await kubectl("create", "configmap", "c1", "-n", "scratch", "--from-literal=a=b")).code).toBe(0);
    expect(
      (await kubectl("get", "configmap", "c1", "-n", "scratch", "-o", "jsonpath={.data.a}")).stdout,
    ).toBe("b");
    expect((await kubectl("label", "namespace", "scratch", "team=payments")).code).toBe(0);
    expect((await kubectl("get", "ns", "-l", "team=payments", "-o", "name")).stdout.trim()).toBe(
      "namespace/scratch",
    );
    expect((await kubectl("scale", "deployment/payments", "-n", "payments", "--replicas=3")).code).toBe(0);
    expect(
      (await kubectl("get", "deployment/payments", "-n", "payments", "-o", "jsonpath={.spec.replicas}"))
        .stdout,
    ).toBe("3");
    expect(
      (
        await kubectl("auth", "can-i", "create", "gateways.networking.istio.io", "-n", "payments")
      ).stdout.trim(),
    ).toBe("yes");
  });

  it("supports client-side apply (strategic merge and merge patches) and diff", async () => {
    const cm = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: payments\ndata:\n  mode: "${v}"\n`;
    const vs = (host: string) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: payments\n  namespace: payments\nspec:\n  hosts: ["${host}"]\n  gateways: ["payments"]\n  http:\n  - route:\n    - destination: {host: payments}\n`;
    writeFileSync(join(dir, "cm.yaml"), cm("a"));
    writeFileSync(join(dir, "vs.yaml"), vs("payments.my-company.io"));
    expect((await kubectl("apply", "-f", "cm.yaml")).stdout.trim()).toBe("configmap/settings created");
    expect((await kubectl("apply", "-f", "vs.yaml")).stdout.trim()).toBe(
      "virtualservice.networking.istio.io/payments created",
    );
    writeFileSync(join(dir, "cm.yaml"), cm("b"));
    writeFileSync(join(dir, "vs.yaml"), vs("pay.my-company.io"));
    const diff = await kubectl("diff", "-f", "vs.yaml");
    expect(diff.stdout).toContain("+  - pay.my-company.io");
    expect((await kubectl("apply", "-f", "cm.yaml")).stdout.trim()).toBe("configmap/settings configured");
    expect((await kubectl("apply", "-f", "vs.yaml")).stdout.trim()).toBe(
      "virtualservice.networking.istio.io/payments configured",
    );
    expect((await kubectl("apply", "-f", "cm.yaml")).stdout.trim()).toBe("configmap/settings unchanged");
    expect(
      (await kubectl("get", "vs", "payments", "-n", "payments", "-o", "jsonpath={.spec.hosts[0]}")).stdout,
    ).toBe("pay.my-company.io");
    const table = await kubectl("get", "virtualservices", "-n", "payments");
    expect(table.stdout).toMatch(/^NAME\s+GATEWAYS\s+HOSTS\s+AGE/);
  });

  it("talks to each context", async () => {
    const west = await kubectl("--context", "west", "get", "nodes", "-o", "yaml");
    const nodes = parseAllDocuments(west.stdout)[0]!.toJS() as {
      items: { metadata: { labels: Record<string, string> } }[];
    };
    expect(nodes.items[0]!.metadata.labels["topology.kubernetes.io/zone"]).toBe("us-west-2b");
  });

  it("deletes", async () => {
    const d = await kubectl("delete", "-f", "gateway.yaml");
    expect(d.stdout.trim()).toBe('gateway.networking.istio.io "payments" deleted');
    const g = await kubectl("get", "gateway.networking.istio.io/payments", "-n", "payments");
    expect(g.code).not.toBe(0);
    expect(g.stderr).toContain('gateways.networking.istio.io "payments" not found');
    const ns = await kubectl("delete", "namespace", "payments");
    expect(ns.code).toBe(0);
    expect((await kubectl("get", "deployments", "-n", "payments", "-o", "name")).stdout.trim()).toBe("");
  });
});
