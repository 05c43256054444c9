// The cluster registry against a real database (fresh per run) and simulated clusters over HTTPS.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { parseKeyring } from "@/lib/crypto/keyring";
import { AppError } from "@/lib/errors/app-error";
import { startSimulator, type Simulator } from "@/lib/sim";
import { registerClusterSchema } from "@/lib/validations/cluster";
import { porticoRbacRules } from "@/test/helpers/portico-rbac-rules";
import type { RegistryContext } from "./cluster-context";
import { openClusterCredentials, sealClusterCredentials } from "./cluster-credentials";
import { deleteCluster } from "./delete-cluster";
import { getCluster } from "./get-cluster";
import { listClusters } from "./list-clusters";
import { nameFromContext, registerCluster } from "./register-cluster";
import { rotateClusterCredentials } from "./rotate-cluster-credentials";
import { rotateEncryptionKeys } from "./rotate-encryption-keys";
import { testClusterConnection } from "./test-cluster-connection";
import { updateCluster } from "./update-cluster";

let sim: Simulator;
const ctx: RegistryContext = {
  actor: { id: null, email: "registry-test@portico.test", role: "admin" },
  requestId: "registry-test",
  allowInsecure: true,
  client: { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 }, timeoutMs: 3_000 },
};

beforeAll(async () => {
  sim = await startSimulator({
    clusters: [
      "reg-east=us-east-1a",
      { name: "reg-bare", zone: "eu-west-1b", istio: false, gatewayApi: false },
    ],
    deploymentReadyDelayMs: 10,
  });
});
afterAll(() => sim.stop());

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 6)}`;
const info = (name: string) => sim.clusters.find((c) => c.name === name)!;

async function register(body: unknown) {
  return registerCluster(registerClusterSchema.parse(body), ctx);
}

function endpointBody(cluster: string, name: string, token = info(cluster).token) {
  return { name, server: info(cluster).server, caData: info(cluster).ca, token };
}

async function refused(p: Promise<unknown>, status: number): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(status);
  return (err as AppError).message;
}

describe("registerCluster", () => {
  it("registers from a kubeconfig produced by the simulator, sealing the token", async () => {
    const name = unique("kc");
    const dto = await register({ kubeconfig: sim.kubeconfig(), context: "reg-east", name, production: true });
    expect(dto).toMatchObject({
      name,
      server: info("reg-east").server,
      hasCaData: true,
      status: "unknown",
      production: true,
      zone: null,
    });
    expect(dto).not.toHaveProperty("credentials");
    expect(dto).not.toHaveProperty("credentialsKeyId");
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
    expect(row.credentials).not.toContain(info("reg-east").token);
    expect(openClusterCredentials(row)).toEqual({ token: info("reg-east").token });
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "cluster.register", clusterName: name },
    });
    expect(audit.metadata).toMatchObject({ via: "kubeconfig", context: "reg-east", auth: "bearer" });
    expect(JSON.stringify({ ...audit, id: String(audit.id) })).not.toContain(info("reg-east").token);
  });

  it("names the cluster after the context when no name is given", async () => {
    expect(nameFromContext("arn:aws:eks:us-east-1:123:cluster/Prod_East")).toBe("prod-east");
    expect(nameFromContext("admin@kind-dev")).toBe("kind-dev");
    await prisma.cluster.deleteMany({ where: { name: "reg-bare" } });
    const dto = await register({ kubeconfig: sim.kubeconfig(), context: "reg-bare" });
    expect(dto.name).toBe("reg-bare");
    await deleteCluster("reg-bare", ctx);
  });

  it("registers from an endpoint, a CA in PEM and a token", async () => {
    const name = unique("ep");
    const dto = await register({
      ...endpointBody("reg-east", name),
      zone: "us-east-1a",
      region: "us-east-1",
    });
    expect(dto).toMatchObject({ name, zone: "us-east-1a", region: "us-east-1", hasCaData: true });
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
    // Stored as kubeconfig-style base64, whatever form it came in.
    expect(Buffer.from(row.caData!, "base64").toString()).toContain("-----BEGIN CERTIFICATE-----");
  });

  it("refuses bad input with a 4xx and writes nothing", async () => {
    const before = await prisma.cluster.count();
    const auditsBefore = await prisma.auditEvent.count({ where: { action: "cluster.register" } });
    const taken = unique("dup");
    await register(endpointBody("reg-east", taken));
    const after = before + 1;
    expect(await refused(register(endpointBody("reg-east", taken)), 409)).toMatch(/already registered/);
    expect(
      await refused(
        register({ ...endpointBody("reg-east", unique("md")), server: "https://169.254.169.254" }),
        400,
      ),
    ).toMatch(/metadata/);
    expect(
      await refused(
        register({ ...endpointBody("reg-east", unique("ca")), caData: "not a certificate" }),
        400,
      ),
    ).toMatch(/caData is not a PEM/);
    expect(
      await refused(
        register({
          ...endpointBody("reg-east", unique("pr")),
          caData: undefined,
          insecureSkipTlsVerify: true,
          production: true,
        }),
        400,
      ),
    ).toMatch(/Production clusters must verify/);
    expect(() =>
      registerClusterSchema.parse({ name: "Bad_Name", server: "https://10.0.0.1", token: "t" }),
    ).toThrow(/lower case/);
    expect(() => registerClusterSchema.parse({ name: "x", server: "https://10.0.0.1" })).toThrow(/token/);
    expect(() =>
      registerClusterSchema.parse({ kubeconfig: sim.kubeconfig(), context: "reg-east", extra: 1 }),
    ).toThrow();
    const exec = sim
      .kubeconfig()
      .replace(
        /token: .*/,
        "exec: {command: gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1beta1}",
      );
    expect(
      await refused(register({ kubeconfig: exec, context: "reg-east", name: unique("ex") }), 400),
    ).toMatch(/exec plugin \(gke-gcloud-auth-plugin\)/);
    // Without the insecure switch a simulated (loopback, self-signed) cluster is refused outright.
    expect(
      await refused(
        registerCluster(registerClusterSchema.parse(endpointBody("reg-east", unique("lo"))), {
          ...ctx,
          allowInsecure: false,
        }),
        400,
      ),
    ).toMatch(/PORTICO_ALLOW_INSECURE_CLUSTERS/);
    expect(await prisma.cluster.count()).toBe(after);
    expect(await prisma.auditEvent.count({ where: { action: "cluster.register" } })).toBe(auditsBefore + 1);
  });
});

describe("testClusterConnection", () => {
  it("reports reachability, Istio, Gateway API, zones and permissions of an Istio cluster", async () => {
    const name = unique("chk");
    await register(endpointBody("reg-east", name));
    const { cluster, report } = await testClusterConnection(name, ctx);
    const item = (id: string) => report.items.find((i) => i.id === id)!;
    expect(item("reachable")).toMatchObject({
      status: "ok",
      message: expect.stringContaining("Kubernetes v1.32"),
    });
    expect(item("istio")).toMatchObject({
      status: "ok",
      message: expect.stringMatching(/^Istio 1\.24\.2 \(istiod, revision default\)/),
    });
    expect(item("gateway-api").status).toBe("ok");
    expect(item("zones")).toMatchObject({
      status: "ok",
      message: expect.stringContaining("us-east-1a (3 nodes)"),
    });
    expect(item("permissions").status).toBe("ok");
    // The simulator's admin token can do anything: worth a warning.
    expect(item("privileges").status).toBe("warn");
    expect(report).toMatchObject({
      reachable: true,
      istioVersion: "1.24.2",
      gatewayApi: true,
      zones: ["us-east-1a"],
      regions: ["us-east-1"],
    });
    expect(cluster).toMatchObject({
      status: "reachable",
      kubernetesVersion: expect.stringMatching(/^v1\.32/),
      istioVersion: "1.24.2",
      istioRevision: "default",
    });
    // Zone and region were not given at registration: taken from the nodes.
    expect(cluster).toMatchObject({ zone: "us-east-1a", region: "us-east-1" });
    expect(cluster.checkReport?.items).toHaveLength(6);
    // The check is a contact with the API server: the cluster is reachable as of now.
    expect(cluster.health).toMatchObject({ state: "healthy", reachable: true, unreachableSince: null });
    expect(cluster.health.summary).toMatch(/^reachable · last contact \d s ago$/);
    expect(JSON.stringify(cluster.checkReport)).not.toContain(info("reg-east").token);
    expect(await prisma.auditEvent.count({ where: { action: "cluster.test", clusterName: name } })).toBe(1);
  });

  it("fails the Istio item on a cluster without Istio and skips Istio permissions", async () => {
    const name = unique("bare");
    await register({ ...endpointBody("reg-bare", name), zone: "us-east-1a" });
    const { cluster, report } = await testClusterConnection(name, ctx);
    const item = (id: string) => report.items.find((i) => i.id === id)!;
    expect(item("istio")).toMatchObject({
      status: "fail",
      message: expect.stringMatching(/Istio is not installed/),
    });
    expect(item("gateway-api").status).toBe("warn");
    // Registered in another zone than its nodes report.
    expect(item("zones")).toMatchObject({ status: "warn", message: expect.stringContaining("eu-west-1b") });
    expect(item("permissions").status).toBe("ok");
    expect(report.status).toBe("fail");
    expect(cluster).toMatchObject({
      status: "reachable",
      istioVersion: null,
      istioRevision: null,
      zone: "us-east-1a",
    });
  });

  it("is all green with a token holding exactly docs/rbac/portico-rbac.yaml", async () => {
    const { token } = sim.addToken("reg-east", {
      user: "system:serviceaccount:portico-system:portico",
      rules: porticoRbacRules(),
    });
    const name = unique("rbac");
    await register(endpointBody("reg-east", name, token));
    const { report } = await testClusterConnection(name, ctx);
    expect(report.items.map((i) => `${i.id}:${i.status}`)).toEqual([
      "reachable:ok",
      "istio:ok",
      "gateway-api:ok",
      "zones:ok",
      "permissions:ok",
      "privileges:ok",
    ]);
  });

  it("lists the permissions a restricted token lacks", async () => {
    const rules = porticoRbacRules().filter((r) => !r.apiGroups.includes("networking.istio.io"));
    const { token } = sim.addToken("reg-east", { user: "half-portico", rules });
    const name = unique("half");
    await register(endpointBody("reg-east", name, token));
    const { report } = await testClusterConnection(name, ctx);
    const permissions = report.items.find((i) => i.id === "permissions")!;
    expect(permissions.status).toBe("fail");
    expect(permissions.message).toMatch(/missing 12 of \d+ permissions/);
    expect(permissions.details).toContain("patch gateways.networking.istio.io (product and shared gateways)");
  });

  it("marks a cluster unreachable when it is down, and in error when the token is refused", async () => {
    const name = unique("down");
    await register(endpointBody("reg-east", name));
    await sim.faults.set("reg-east", { down: "refuse" });
    try {
      const { cluster, report } = await testClusterConnection(name, ctx);
      expect(report.items).toHaveLength(1);
      expect(report.items[0]).toMatchObject({
        id: "reachable",
        status: "fail",
        message: expect.stringMatching(/^No answer from the API server/),
      });
      expect(cluster.status).toBe("unreachable");
      expect(cluster.health).toMatchObject({ state: "unreachable", reachable: false, lastContactAt: null });
      expect(cluster.health.summary).toMatch(
        /^unreachable since \d{4}-\d\d-\d\d [\d:]{8} UTC: .*No answer from the API server/,
      );
    } finally {
      await sim.faults.clear("reg-east");
    }
    const revoked = unique("revoked");
    await register(endpointBody("reg-east", revoked, "canary-revoked-token"));
    const { cluster, report } = await testClusterConnection(revoked, ctx);
    expect(cluster.status).toBe("error");
    expect(report.items[0]!.message).toMatch(/refused Portico's credentials \(401/);
    expect(JSON.stringify(cluster)).not.toContain("canary-revoked-token");
  });
});

describe("editing, rotating and removing", () => {
  it("rotates a token only after the API server accepts it", async () => {
    const name = unique("rot");
    await register(endpointBody("reg-east", name, "canary-old-token"));
    const refusedMessage = await refused(
      rotateClusterCredentials(name, { token: "canary-wrong-token", verify: true }, ctx),
      422,
    );
    expect(refusedMessage).toMatch(/refused the new credentials; nothing was changed/);
    expect(refusedMessage).not.toContain("canary-wrong-token");
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
    expect(openClusterCredentials(row)).toEqual({ token: "canary-old-token" });

    const dto = await rotateClusterCredentials(name, { token: info("reg-east").token, verify: true }, ctx);
    expect(dto.status).toBe("reachable");
    expect(openClusterCredentials(await prisma.cluster.findUniqueOrThrow({ where: { name } }))).toEqual({
      token: info("reg-east").token,
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "cluster.credentials.rotate", clusterName: name },
    });
    expect(audit.metadata).toMatchObject({ auth: "bearer", verified: true });

    const unchecked = await rotateClusterCredentials(name, { token: "canary-unchecked", verify: false }, ctx);
    expect(unchecked.status).toBe("unknown");
  });

  it("edits settings, guards a new endpoint and resets the status when the connection changes", async () => {
    const name = unique("upd");
    await register(endpointBody("reg-east", name));
    await testClusterConnection(name, ctx);
    const edited = await updateCluster(name, { zone: "us-east-1c", production: true }, ctx);
    expect(edited).toMatchObject({ zone: "us-east-1c", production: true, status: "reachable" });
    expect(await refused(updateCluster(name, { server: "https://[fe80::1]:6443" }, ctx), 400)).toMatch(
      /link-local/,
    );
    expect(await refused(updateCluster(name, { insecureSkipTlsVerify: true }, ctx), 400)).toMatch(
      /Production clusters/,
    );
    const moved = await updateCluster(name, { server: "https://10.255.0.9:6443", caData: null }, ctx);
    expect(moved).toMatchObject({ server: "https://10.255.0.9:6443", hasCaData: false, status: "unknown" });
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "cluster.update", clusterName: name },
      orderBy: { id: "desc" },
    });
    expect(audit.before).toMatchObject({ server: info("reg-east").server });
    expect(audit.after).toMatchObject({ server: "https://10.255.0.9:6443" });
  });

  it("lists, gets and deletes", async () => {
    const name = unique("del");
    await register(endpointBody("reg-east", name));
    expect((await listClusters()).map((c) => c.name)).toContain(name);
    expect((await getCluster(name)).name).toBe(name);
    await deleteCluster(name, ctx);
    expect(await refused(getCluster(name), 404)).toMatch(/was not found/);
    expect(await refused(deleteCluster(name, ctx), 404)).toMatch(/was not found/);
    expect(await prisma.auditEvent.count({ where: { action: "cluster.delete", clusterName: name } })).toBe(1);
  });
});

describe("rotateEncryptionKeys", () => {
  const key = () => randomBytes(32).toString("base64");

  it("re-encrypts every cluster with the active key, then has nothing left to do", async () => {
    const k1 = `k1:${key()}`;
    const k2 = `k2:${key()}`;
    const old = parseKeyring(k1);
    const both = parseKeyring(`${k2},${k1}`);
    // An isolated set of rows sealed with k1, as a deployment before rotation.
    const names = [unique("kr-a"), unique("kr-b")];
    for (const name of names) {
      const id = randomUUID();
      await prisma.cluster.create({
        data: {
          id,
          name,
          server: "https://10.0.0.1",
          ...sealClusterCredentials(id, { token: `canary-${name}` }, old),
        },
      });
    }
    const first = await rotateEncryptionKeys({ keyring: both });
    expect(first.activeKeyId).toBe("k2");
    expect(first.rotated).toEqual(expect.arrayContaining(names));
    const rows = await prisma.cluster.findMany({ where: { name: { in: names } } });
    for (const row of rows) {
      expect(row.credentialsKeyId).toBe("k2");
      expect(row.credentials.startsWith("v1:k2:")).toBe(true);
      // Opens with the new key alone: the old one can now be dropped.
      expect(openClusterCredentials(row, parseKeyring(k2))).toEqual({ token: `canary-${row.name}` });
    }
    const second = await rotateEncryptionKeys({ keyring: both });
    expect(second.rotated.filter((n) => names.includes(n))).toEqual([]);
    expect(second.current).toEqual(expect.arrayContaining(names));
    expect(
      await prisma.auditEvent.count({
        where: { action: "cluster.credentials.reencrypt", clusterName: { in: names } },
      }),
    ).toBe(2);

    // A keyring that lost the key of some rows reports them instead of failing the whole run.
    const lost = await rotateEncryptionKeys({ keyring: parseKeyring(`k3:${key()}`) });
    const failed = lost.failed.filter((f) => names.includes(f.name));
    expect(failed).toHaveLength(2);
    expect(failed[0]!.reason).toMatch(/key "k2", which is not in PORTICO_ENCRYPTION_KEYS/);
    await prisma.cluster.deleteMany({ where: { name: { in: names } } });
  });
});
