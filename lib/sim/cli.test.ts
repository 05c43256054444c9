import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Ready {
  ready: boolean;
  kubeconfig: string;
  clusters: { name: string; server: string }[];
  admin: { url: string; token: string };
}

const dir = mkdtempSync(join(tmpdir(), "portico-sim-cli-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "cli.ts"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (line) => resolve({ child, ready: JSON.parse(line) as Ready }));
    child.once("exit", (code) => reject(new Error(`sim exited with ${code}: ${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function get(
  server: string,
  path: string,
  token: string,
  ca: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const u = new URL(server);
  return new Promise((resolve, reject) => {
    const r = request(
      { host: u.hostname, port: u.port, path, ca, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    r.on("error", reject);
    r.end();
  });
}

describe("npm run sim", () => {
  it("prints one ready line, writes a kubeconfig per cluster and keeps state across a restart", async () => {
    const kubeconfig = join(dir, "kubeconfig");
    const state = join(dir, "state.json");
    const args = [
      "--clusters",
      "east=us-east-1a,west=us-west-2b",
      "--port",
      "0",
      "--kubeconfig",
      kubeconfig,
      "--state",
      state,
    ];
    const first = await start(args);
    expect(first.ready.ready).toBe(true);
    expect(first.ready.kubeconfig).toBe(kubeconfig);
    expect(first.ready.clusters.map((c) => c.name)).toEqual(["east", "west"]);
    for (const c of first.ready.clusters) expect(c.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const kc = parse(readFileSync(kubeconfig, "utf8")) as {
      contexts: { name: string }[];
      clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
      users: { name: string; user: { token: string } }[];
    };
    expect(kc.contexts.map((c) => c.name)).toEqual(["east", "west"]);
    const ca = Buffer.from(kc.clusters[0]!.cluster["certificate-authority-data"], "base64").toString();
    const token = kc.users[0]!.user.token;
    const east = first.ready.clusters[0]!.server;
    const ns = await get(east, "/api/v1/namespaces/istio-system", token, ca);
    expect(ns.status).toBe(200);

    // Create something, restart, and find it again with the same kubeconfig.
    const created = await new Promise<number>((resolve, reject) => {
      const u = new URL(east);
      const body = JSON.stringify({ metadata: { name: "survivor" } });
      const r = request(
        {
          host: u.hostname,
          port: u.port,
          method: "POST",
          path: "/api/v1/namespaces",
          ca,
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      r.on("error", reject);
      r.end(body);
    });
    expect(created).toBe(201);
    await stop(first.child);
    expect(existsSync(state)).toBe(true);

    const second = await start(args);
    const kc2 = parse(readFileSync(kubeconfig, "utf8")) as typeof kc;
    expect(kc2.users[0]!.user.token).toBe(token);
    expect(kc2.clusters[0]!.cluster["certificate-authority-data"]).toBe(
      kc.clusters[0]!.cluster["certificate-authority-data"],
    );
    const again = await get(second.ready.clusters[0]!.server, "/api/v1/namespaces/survivor", token, ca);
    expect(again.status).toBe(200);
    await stop(second.child);
  });
});
