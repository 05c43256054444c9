// The release bundle as an operator runs it: release/ copied to an empty folder, nothing but `node`
// and production settings. It migrates a fresh database, starts the web app and a worker, signs in,
// registers a simulated cluster and syncs the reference topology into it.
//
// Builds release/ first when it is missing (`npm run release`, several minutes on a busy machine;
// CI builds it before the tests).
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dropDatabase } from "@/lib/db/migrate";
import { startSimulator, type Simulator } from "@/lib/sim";
import {
  copyRelease,
  ensureRelease,
  freePort,
  RELEASE_NODE as NODE,
  sessionHeaders,
  startNode as startBundleProcess,
  stopChild,
  waitFor,
} from "./helpers/release-processes";
import { kubectl, kubectlAvailable } from "./kubectl";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  await Promise.all(children.map(stopChild));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function startNode(dir: string, file: string, env: NodeJS.ProcessEnv) {
  const started = startBundleProcess(dir, file, env);
  children.push(started.child);
  return started;
}

describe("release bundle", () => {
  it("migrates, serves, signs in and syncs a cluster with only node and production settings", async () => {
    await ensureRelease();
    const dir = copyRelease();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Self-contained: no source, no dev tooling, no local state came along.
    const top = readdirSync(dir);
    for (const absent of ["lib", "app", "tsconfig.json", ".portico", "package-lock.json"])
      expect(top).not.toContain(absent);
    const deps = readdirSync(path.join(dir, "node_modules"));
    for (const dev of ["vitest", "typescript", "eslint", "tsx", "esbuild", "@playwright"])
      expect(deps).not.toContain(dev);

    // East holds the Payments and Analytics teams' backends and TLS Secrets (the reference
    // scenario without its shared routes): the product gateways' routes wait for them.
    const sim: Simulator = await startSimulator({
      clusters: ["east=us-east-1a"],
      port: 0,
      deploymentReadyDelayMs: 0,
      scenario: { name: "reference", sharedRoutes: false },
    });
    cleanups.push(() => sim.stop());
    const east = sim.clusters[0]!;

    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `/portico_release_${process.pid}_${randomBytes(3).toString("hex")}`;
    const databaseUrl = base.toString();
    cleanups.push(() => dropDatabase(databaseUrl));

    const [port, healthPort] = [await freePort(), await freePort()];
    const admin = { email: "admin@release.test", password: "release-admin-password" };
    const env: NodeJS.ProcessEnv = {
      PATH: path.dirname(NODE),
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      PORTICO_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORTICO_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      PORTICO_ADMIN_EMAIL: admin.email,
      PORTICO_ADMIN_PASSWORD: admin.password,
      // The simulated cluster listens on loopback; a real install leaves this off.
      PORTICO_ALLOW_INSECURE_CLUSTERS: "1",
      PORTICO_WORKER_HEALTH_PORT: String(healthPort),
      PORTICO_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };

    const migrate = spawnSync(NODE, ["migrate.js"], { cwd: dir, env, encoding: "utf8" });
    expect(migrate.stderr).toBe("");
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/Applied \d+ migration/);

    const web = startNode(dir, "server.js", env);
    const worker = startNode(dir, "worker.js", env);
    const logs = () => `${web.output()}\n${worker.output()}`;
    const url = (p: string) => `http://127.0.0.1:${port}${p}`;
    await waitFor(
      "the web app to be ready",
      async () => (await fetch(url("/api/health/ready"))).ok,
      60_000,
      logs,
    );
    await waitFor(
      "the worker to be ready",
      async () => (await fetch(`http://127.0.0.1:${healthPort}/ready`)).ok,
      60_000,
      logs,
    );
    expect((await fetch(url("/api/health/live"))).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${healthPort}/live`)).status).toBe(200);

    const favicon = await fetch(url("/favicon.ico"));
    expect(favicon.status).toBe(200);
    expect(Buffer.from(await favicon.arrayBuffer()).equals(readFileSync("public/favicon.ico"))).toBe(true);
    const signInPage = await fetch(url("/sign-in"));
    expect(signInPage.status).toBe(200);
    const html = await signInPage.text();
    const stylesheet = /href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet, "the page links its stylesheet").toBeTruthy();
    expect((await fetch(url(stylesheet!))).status).toBe(200);

    // Sign in as the first admin created from PORTICO_ADMIN_EMAIL / PORTICO_ADMIN_PASSWORD.
    const signIn = await fetch(url("/api/auth/sign-in"), {
      method: "POST",
      headers: { "content-type": "application/json", origin: url("") },
      body: JSON.stringify(admin),
    });
    expect(signIn.status, logs()).toBe(200);
    const headers = sessionHeaders(signIn, url(""));

    const register = await fetch(url("/api/clusters"), {
      method: "POST",
      headers,
      body: JSON.stringify({
        name: "east",
        server: east.server,
        caData: east.ca,
        token: east.token,
        zone: east.zone,
      }),
    });
    expect(register.status, await register.clone().text()).toBe(201);

    const document = parse(readFileSync("docs/examples/01-payments-gateway.yaml", "utf8"));
    const revise = await fetch(url("/api/revisions"), {
      method: "POST",
      headers,
      body: JSON.stringify({ document, message: "Payments gateway, from the release bundle" }),
    });
    expect(revise.status, await revise.clone().text()).toBe(201);
    const { number } = (await revise.json()) as { number: number };

    const inventory = await waitFor(
      "the worker to sync the revision into east",
      async () => {
        const res = await fetch(url("/api/clusters/east/inventory"), { headers });
        const body = (await res.json()) as {
          cluster: { observedRevision: { number: number } | null };
          objects: { kind: string; name: string; status: string }[];
        };
        return body.cluster.observedRevision?.number === number ? body : undefined;
      },
      90_000,
      logs,
    );
    expect(inventory.objects.length).toBeGreaterThan(0);
    expect(inventory.objects.filter((o) => o.status !== "synced")).toEqual([]);
    expect(inventory.objects.map((o) => `${o.kind}/${o.name}`)).toContain("Gateway/payments-gateway");

    // The cluster itself holds what the inventory says, seen by an independent client.
    const available = kubectlAvailable();
    if (available.ok) {
      const kubeconfig = path.join(dir, "kubeconfig");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(kubeconfig, sim.kubeconfig("east"));
      const out = await kubectl(kubeconfig, "east", [
        "get",
        "gateways.networking.istio.io",
        "-n",
        "payments",
        "-o",
        "name",
      ]);
      expect(out).toContain("payments-gateway");
    } else {
      console.warn(
        `!! kubectl is missing, the cluster was checked through Portico's inventory only: ${available.why}`,
      );
    }

    // SIGTERM: both processes stop on their own, in good order: the server through its own
    // handler (stop accepting, finish requests in flight; exit code 143), the worker after its jobs.
    await Promise.all([stopChild(web.child), stopChild(worker.child)]);
    expect(web.child.exitCode, logs()).toBe(143);
    expect(worker.child.exitCode, logs()).toBe(0);
  }, 900_000);
});
