// In-cluster mode against a simulated cluster over HTTPS: the pod's ServiceAccount files are
// written by the test (token, ca.crt, namespace) and KUBERNETES_SERVICE_HOST/PORT point at the
// simulator. The token file is rotated under a client that stays open, as the kubelet does.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { pemFrom } from "@/lib/k8s/cluster-connection";
import { KubeApiError } from "@/lib/k8s/kube-api-error";
import { startSimulator, type Simulator } from "@/lib/sim";
import { registerClusterSchema } from "@/lib/validations/cluster";
import { porticoRbacRules } from "@/test/helpers/portico-rbac-rules";
import type { RegistryContext } from "./cluster-context";
import { openClusterCredentials } from "./cluster-credentials";
import type { InClusterSettings } from "./in-cluster-connection";
import { openClusterClient } from "./open-cluster-client";
import { registerCluster } from "./register-cluster";
import { testClusterConnection } from "./test-cluster-connection";

let sim: Simulator;
let saDir: string;
const SERVICE_ACCOUNT = "system:serviceaccount:portico:portico";

beforeAll(async () => {
  sim = await startSimulator({ clusters: ["home=eu-west-1a"], deploymentReadyDelayMs: 10 });
  saDir = mkdtempSync(path.join(os.tmpdir(), "portico-sa-"));
});
afterAll(async () => {
  await sim.stop();
  rmSync(saDir, { recursive: true, force: true });
});

const home = () => sim.clusters[0]!;
const settings = (): InClusterSettings => ({
  KUBERNETES_SERVICE_HOST: "127.0.0.1",
  KUBERNETES_SERVICE_PORT: home().port,
  PORTICO_SERVICE_ACCOUNT_DIR: saDir,
});
const ctx = (inCluster: InClusterSettings): RegistryContext => ({
  actor: { id: null, email: "in-cluster-test@portico.test", role: "admin" },
  requestId: "in-cluster-test",
  allowInsecure: true,
  client: { retry: { maxAttempts: 1 }, timeoutMs: 3_000 },
  inCluster,
});

/** A token of Portico's ServiceAccount, holding exactly docs/rbac/portico-rbac.yaml. */
const issueToken = () => sim.addToken("home", { user: SERVICE_ACCOUNT, rules: porticoRbacRules() }).token;

function mount(token: string) {
  writeFileSync(path.join(saDir, "token"), token);
  writeFileSync(path.join(saDir, "ca.crt"), pemFrom(home().ca!));
  writeFileSync(path.join(saDir, "namespace"), "portico");
}

const register = (name: string, inCluster = settings()) =>
  registerCluster(registerClusterSchema.parse({ inCluster: true, name, zone: "eu-west-1a" }), ctx(inCluster));

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("in-cluster registration", () => {
  it("registers this cluster from the mounted ServiceAccount, storing the token's path, not the token", async () => {
    const token = issueToken();
    mount(token);
    const name = `home-${randomUUID().slice(0, 6)}`;
    const dto = await register(name);
    expect(dto.server).toBe(`https://127.0.0.1:${home().port}`);

    const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
    expect(openClusterCredentials(row)).toEqual({ tokenFile: path.join(saDir, "token") });
    expect(JSON.stringify(row)).not.toContain(token);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "cluster.register", clusterName: name },
    });
    expect(audit.metadata).toMatchObject({ via: "in-cluster", namespace: "portico", auth: "bearer-file" });

    // The connection checklist passes with the RBAC of docs/rbac, through the cluster's CA.
    const { report } = await testClusterConnection(name, ctx(settings()));
    expect(report.items.filter((i) => i.status !== "ok")).toEqual([]);
  });

  it("reads the token file at each request: a rotated token works in a client that stays open", async () => {
    const first = issueToken();
    mount(first);
    const name = `home-${randomUUID().slice(0, 6)}`;
    await register(name);
    const client = openClusterClient(await prisma.cluster.findUniqueOrThrow({ where: { name } }), {
      allowInsecure: true,
      retry: { maxAttempts: 1 },
    });
    try {
      expect((await client.list("v1", "Namespace")).length).toBeGreaterThan(0);

      // The kubelet writes a new token and the old one expires.
      const second = issueToken();
      writeFileSync(path.join(saDir, "token"), `${second}\n`);
      sim.cluster("home").access.remove(first);
      expect((await client.list("v1", "Namespace")).length).toBeGreaterThan(0);
      await client.apply({
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: `in-cluster-${randomUUID().slice(0, 6)}`, namespace: "default" },
        spec: {
          selector: { istio: "in-cluster-test" },
          servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["home.example.test"] }],
        },
      });

      // A token that is no longer valid, or no file at all, is refused at the next request.
      sim.cluster("home").access.remove(second);
      const stale = await client.list("v1", "Namespace").catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(KubeApiError);
      expect((stale as KubeApiError).kind).toBe("unauthorized");
      rmSync(path.join(saDir, "token"));
      const missing = await client.list("v1", "Namespace").catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(KubeApiError);
      expect((missing as KubeApiError).message).toContain(path.join(saDir, "token"));
    } finally {
      await client.close();
    }
  });

  it("says what is missing when Portico does not run in a cluster", async () => {
    mount(issueToken());
    const outside = await refusal(register("nowhere", { ...settings(), KUBERNETES_SERVICE_HOST: undefined }));
    expect(outside.status).toBe(400);
    expect(outside.message).toContain("KUBERNETES_SERVICE_HOST");

    const empty = mkdtempSync(path.join(os.tmpdir(), "portico-sa-empty-"));
    try {
      const unmounted = await refusal(
        register("nowhere", { ...settings(), PORTICO_SERVICE_ACCOUNT_DIR: empty }),
      );
      expect(unmounted.status).toBe(400);
      expect(unmounted.message).toContain(path.join(empty, "token"));
      expect(unmounted.message).toContain("automountServiceAccountToken");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(await prisma.cluster.count({ where: { name: "nowhere" } })).toBe(0);
  });

  it("accepts only a name and details with inCluster, and a token file path from no caller", () => {
    expect(registerClusterSchema.safeParse({ inCluster: true, name: "home", token: "x" }).success).toBe(
      false,
    );
    // Note: a path given by a caller would send any file the server can read as a bearer token to
    // an endpoint of the caller's choosing; only the pod's own ServiceAccount folder is ever used.
    const smuggled = registerClusterSchema.safeParse({
      name: "home",
      server: "https://10.0.0.1:6443",
      tokenFile: "/etc/hostname",
    });
    expect(smuggled.success).toBe(false);
  });
});
