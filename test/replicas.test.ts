// Several replicas: two web processes of the release bundle behind a round-robin proxy of this
// test's own, and two workers, against one database. A migration step (the shared ingress, then the
// Payments gateway) goes through the API end to end while every request may land on either web
// process: the session, the CSRF token and the sign-in limiter must hold across them, and the
// workers share one queue (one of them leaves on SIGTERM and the other syncs the next revision).
//
// Builds release/ first when it is missing, as test/release-bundle.test.ts does.
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dropDatabase } from "@/lib/db/migrate";
import { startSimulator } from "@/lib/sim";
import {
  copyRelease,
  ensureRelease,
  freePort,
  RELEASE_NODE,
  sessionHeaders,
  startNode,
  stopChild,
  waitFor,
  type NodeProcess,
} from "./helpers/release-processes";
import { startRoundRobinProxy } from "./helpers/round-robin-proxy";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  await Promise.all(children.map(stopChild));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("two web replicas and two workers on one database", () => {
  it("walks a migration step through a round-robin proxy with nothing held in process memory", async () => {
    await ensureRelease();
    const dir = copyRelease();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    // The teams' backends and TLS Secrets are there (the reference scenario without its shared
    // routes, which the revisions apply): the product gateways' routes wait for them.
    const sim = await startSimulator({
      clusters: ["east=us-east-1a", "west=us-west-2b"],
      port: 0,
      deploymentReadyDelayMs: 0,
      scenario: { name: "reference", sharedRoutes: false },
    });
    cleanups.push(() => sim.stop());

    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `/portico_replicas_${process.pid}_${randomBytes(3).toString("hex")}`;
    const databaseUrl = base.toString();
    cleanups.push(() => dropDatabase(databaseUrl));

    const [webPorts, healthPorts] = [
      [await freePort(), await freePort()],
      [await freePort(), await freePort()],
    ];
    const proxy = await startRoundRobinProxy(webPorts);
    cleanups.push(proxy.stop);
    const origin = `http://127.0.0.1:${proxy.port}`;
    const url = (p: string) => `${origin}${p}`;
    const admin = { email: "admin@replicas.test", password: "replicas-admin-password" };
    const env: NodeJS.ProcessEnv = {
      PATH: path.dirname(RELEASE_NODE),
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOSTNAME: "127.0.0.1",
      PORTICO_PUBLIC_URL: origin,
      PORTICO_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      PORTICO_ADMIN_EMAIL: admin.email,
      PORTICO_ADMIN_PASSWORD: admin.password,
      PORTICO_ALLOW_INSECURE_CLUSTERS: "1",
      PORTICO_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };

    const migrate = spawnSync(RELEASE_NODE, ["migrate.js"], { cwd: dir, env, encoding: "utf8" });
    expect(migrate.status, migrate.stderr).toBe(0);

    const started: NodeProcess[] = [];
    const start = (file: string, label: string, extra: Record<string, string>) => {
      const p = startNode(dir, file, { ...env, ...extra }, label);
      children.push(p.child);
      started.push(p);
      return p;
    };
    const webs = webPorts.map((port, i) => start("server.js", `web ${i}`, { PORT: String(port) }));
    const workers = healthPorts.map((port, i) =>
      start("worker.js", `worker ${i}`, { PORTICO_WORKER_HEALTH_PORT: String(port) }),
    );
    const logs = () => started.map((p) => p.output()).join("\n");
    for (const port of webPorts)
      await waitFor(
        `web on ${port} to be ready`,
        async () => (await fetch(`http://127.0.0.1:${port}/api/health/ready`)).ok,
        90_000,
        logs,
      );
    for (const port of healthPorts)
      await waitFor(
        `worker on ${port} to be ready`,
        async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok,
        90_000,
        logs,
      );

    // Sign in on one replica; the session and its CSRF token work on both.
    const signIn = await fetch(url("/api/auth/sign-in"), {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify(admin),
    });
    expect(signIn.status, logs()).toBe(200);
    const headers = sessionHeaders(signIn, origin);
    const mark = proxy.served.length;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(url("/api/clusters"), { headers });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    expect(new Set(proxy.served.slice(mark).map((s) => s.upstream))).toEqual(new Set([0, 1]));

    // A mutation without the CSRF token is refused by both replicas.
    const { "x-csrf-token": _csrf, ...withoutCsrf } = headers;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url("/api/clusters"), {
        method: "POST",
        headers: withoutCsrf,
        body: JSON.stringify({ name: "refused", server: "https://127.0.0.1:1", token: "x" }),
      });
      expect(res.status).toBe(403);
    }

    for (const cluster of sim.clusters) {
      const res = await fetch(url("/api/clusters"), {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: cluster.name,
          server: cluster.server,
          caData: cluster.ca,
          token: cluster.token,
          zone: cluster.zone,
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }

    const revise = async (file: string, message: string) => {
      const document = parse(readFileSync(`docs/examples/${file}`, "utf8"));
      const res = await fetch(url("/api/revisions"), {
        method: "POST",
        headers,
        body: JSON.stringify({ document, message }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { number: number }).number;
    };
    type Inventory = {
      cluster: { observedRevision: { number: number } | null };
      objects: { kind: string; name: string; status: string }[];
    };
    const synced = (cluster: string, number: number) =>
      waitFor(
        `revision ${number} in ${cluster}`,
        async () => {
          const res = await fetch(url(`/api/clusters/${cluster}/inventory`), { headers });
          const body = (await res.json()) as Inventory;
          return body.cluster.observedRevision?.number === number ? body : undefined;
        },
        120_000,
        logs,
      );

    // Both workers heartbeat into the one database, and the shared ingress syncs to both clusters.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());
    await waitFor(
      "both workers to register",
      async () => (await db.query(`SELECT count(*)::int AS n FROM "WorkerProcess"`)).rows[0].n === 2,
      30_000,
      logs,
    );
    const first = await revise("00-shared-ingress.yaml", "The shared ingress, as imported");
    for (const cluster of ["east", "west"]) await synced(cluster, first);

    // One worker leaves on SIGTERM after finishing its work; the other takes the next step alone.
    await stopChild(workers[0]!.child);
    expect(workers[0]!.child.exitCode, logs()).toBe(0);
    const second = await revise("01-payments-gateway.yaml", "Payments gets its own gateway");
    const east = await synced("east", second);
    expect(east.objects.filter((o) => o.status !== "synced")).toEqual([]);
    expect(east.objects.map((o) => `${o.kind}/${o.name}`)).toContain("Gateway/payments-gateway");
    await synced("west", second);
    const runs = await db.query(
      `SELECT count(*)::int AS n FROM "SyncRun" r JOIN "Revision" v ON v.id = r."revisionId"
       WHERE v.number = $1 AND r.outcome = 'succeeded'`,
      [second],
    );
    expect(runs.rows[0].n).toBeGreaterThanOrEqual(2);

    // The sign-in limiter counts in the database: failures spread over both replicas add up, so an
    // address is turned away after the free failures plus a few, not after twice as many.
    const attempts: number[] = [];
    let throttledAt = 0;
    for (let i = 1; i <= 14 && !throttledAt; i++) {
      const res = await fetch(url("/api/auth/sign-in"), {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: "nobody@replicas.test", password: `wrong-${i}` }),
      });
      attempts.push(proxy.served.length - 1);
      if (res.status === 429) throttledAt = i;
      else expect(res.status).toBe(401);
    }
    const upstreams = new Set(attempts.map((a) => proxy.served[a]!.upstream));
    expect(upstreams).toEqual(new Set([0, 1]));
    expect(throttledAt, "the limiter never answered 429").toBeGreaterThan(0);
    // Five free failures per account and address (lib/auth/rate-limit.ts), then a wait of a second
    // that doubles; one process counting alone would have allowed about ten before its first wait.
    expect(throttledAt).toBeLessThanOrEqual(9);

    // Signing out on one replica ends the session on both.
    const out = await fetch(url("/api/auth/sign-out"), { method: "POST", headers });
    expect(out.status).toBe(204);
    for (let i = 0; i < 2; i++) expect((await fetch(url("/api/clusters"), { headers })).status).toBe(401);

    // SIGTERM: the web processes drain and exit through their own handler, the worker after its jobs.
    await Promise.all([...webs, workers[1]!].map((p) => stopChild(p.child)));
    for (const web of webs) expect(web.child.exitCode, logs()).toBe(143);
    expect(workers[1]!.child.exitCode, logs()).toBe(0);
  }, 900_000);
});
